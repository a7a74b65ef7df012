import glob

import numpy as np
import torch
import torch.nn.functional as F
from transformers import GPTNeoXConfig, GPTNeoXForCausalLM


def batches(pattern: str, block: int = 2048, batch: int = 8):
    rng = np.random.default_rng(0)
    shards = [np.memmap(p, dtype=np.uint16, mode="r") for p in sorted(glob.glob(pattern))]
    while True:
        shard = shards[rng.integers(len(shards))]
        starts = rng.integers(0, len(shard) - block - 1, size=batch)
        x = torch.from_numpy(np.stack([shard[s:s + block + 1].astype(np.int64) for s in starts]))
        yield x[:, :-1].cuda(), x[:, 1:].cuda()


def main() -> None:
    torch.manual_seed(0)
    model = GPTNeoXForCausalLM(GPTNeoXConfig(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                                             intermediate_size=4096, vocab_size=50304)).cuda()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, betas=(0.9, 0.95), weight_decay=0.1)
    for step, (x, y) in zip(range(100_000), batches("data/shards/train-*.bin")):
        logits = model(x).logits
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % 5000 == 0:
            model.save_pretrained(f"checkpoints/step{step}")


if __name__ == "__main__":
    main()
