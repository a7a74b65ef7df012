import argparse
import csv
import time

import torch
from transformers import AutoModelForCausalLM

IMPLS = {"eager": "eager", "sdpa": "sdpa", "flash2": "flash_attention_2"}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--impl", choices=IMPLS, default="sdpa")
    p.add_argument("--seq-len", type=int, default=8192)
    p.add_argument("--batch", type=int, default=1)
    args = p.parse_args()
    model = AutoModelForCausalLM.from_pretrained("checkpoints/bench-1.3b", torch_dtype=torch.bfloat16,
                                                 attn_implementation=IMPLS[args.impl]).cuda().eval()
    ids = torch.randint(0, 32000, (args.batch, args.seq_len), device="cuda")
    torch.cuda.reset_peak_memory_stats()
    torch.cuda.synchronize()
    start = time.perf_counter()
    with torch.no_grad():
        model.generate(ids, max_new_tokens=256, do_sample=False)
    torch.cuda.synchronize()
    elapsed = time.perf_counter() - start
    row = [args.impl, args.seq_len, args.batch, 256 * args.batch / elapsed, torch.cuda.max_memory_allocated() / 2**30]
    with open("results.csv", "a", newline="") as f:
        csv.writer(f).writerow(row)
    print(row)


if __name__ == "__main__":
    main()
