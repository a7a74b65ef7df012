import torch
from torch.utils.data import Dataset


class BucketedPairs(Dataset):
    def __init__(self, path: str, max_tokens: int = 4096):
        pairs = torch.load(path)
        pairs.sort(key=lambda p: (len(p[0]), len(p[1])))
        self.batches, cur, longest = [], [], 0
        for src, tgt in pairs:
            longest = max(longest, len(src), len(tgt))
            if cur and longest * (len(cur) + 1) > max_tokens:
                self.batches.append(cur)
                cur, longest = [], max(len(src), len(tgt))
            cur.append((src, tgt))
        if cur:
            self.batches.append(cur)

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, i):
        batch = self.batches[i]
        pad = lambda seqs: torch.nn.utils.rnn.pad_sequence([torch.tensor(s) for s in seqs], batch_first=True)
        return pad([s for s, _ in batch]), pad([t for _, t in batch])
