import argparse

import torch
from datasets import load_dataset
from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=20000)
    args = p.parse_args()
    torch.manual_seed(0)
    config = LlamaConfig(hidden_size=2048, intermediate_size=5632, num_hidden_layers=24, num_attention_heads=16,
                         max_position_embeddings=32768, rope_theta=500000.0, vocab_size=32000)
    model = LlamaForCausalLM(config).cuda().to(torch.bfloat16)
    tok = AutoTokenizer.from_pretrained("hf-internal-testing/llama-tokenizer")
    data = load_dataset("emozilla/pg19", split="train", streaming=True,
                        revision="5d5ec09a1a5b5e5a2a9d7d0b4c5d3e2f1a0b9c8d")
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    for step, row in zip(range(args.steps), data):
        ids = tok(row["text"], return_tensors="pt", truncation=True, max_length=8192).input_ids.cuda()
        loss = model(ids, labels=ids).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.save_pretrained("checkpoints/bench-1.3b")


if __name__ == "__main__":
    main()
