import argparse

import numpy as np
import sentencepiece as spm
import torch
import torch.nn as nn
import torch.nn.functional as F
import yaml


class TinyLM(nn.Module):
    def __init__(self, n_layer, n_head, d_model, vocab_size, block_size):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, d_model)
        self.pos = nn.Embedding(block_size, d_model)
        layer = nn.TransformerEncoderLayer(d_model, n_head, 4 * d_model, dropout=0.1, batch_first=True,
                                           norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, n_layer)
        self.head = nn.Linear(d_model, vocab_size, bias=False)

    def forward(self, idx):
        t = idx.size(1)
        mask = nn.Transformer.generate_square_subsequent_mask(t, device=idx.device)
        x = self.tok(idx) + self.pos(torch.arange(t, device=idx.device))
        return self.head(self.blocks(x, mask=mask, is_causal=True))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--config", required=True)
    cfg = yaml.safe_load(open(p.parse_args().config))
    torch.manual_seed(cfg["seed"])
    sp = spm.SentencePieceProcessor(model_file=cfg["data"]["tokenizer"])
    ids = np.array(sp.encode(open(cfg["data"]["train"]).read()), dtype=np.int64)
    m, t = cfg["model"], cfg["train"]
    model = TinyLM(**m).cuda()
    opt = torch.optim.AdamW(model.parameters(), lr=t["lr"], weight_decay=0.1)
    rng = np.random.default_rng(cfg["seed"])
    for step in range(t["max_steps"]):
        starts = rng.integers(0, len(ids) - m["block_size"] - 1, t["batch_size"])
        x = torch.from_numpy(np.stack([ids[s:s + m["block_size"] + 1] for s in starts])).cuda()
        loss = F.cross_entropy(model(x[:, :-1]).flatten(0, 1), x[:, 1:].flatten())
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "tinylm_12m.pt")


if __name__ == "__main__":
    main()
