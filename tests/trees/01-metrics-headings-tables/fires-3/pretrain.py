import argparse
import math

import torch
import torch.nn.functional as F
import yaml
from datasets import load_dataset
from transformers import AutoTokenizer, GPT2Config, GPT2LMHeadModel


def lr_at(step: int, cfg: dict) -> float:
    if step < cfg["warmup_steps"]:
        return cfg["lr"] * (step + 1) / cfg["warmup_steps"]
    progress = (step - cfg["warmup_steps"]) / max(1, cfg["max_steps"] - cfg["warmup_steps"])
    return 0.1 * cfg["lr"] + 0.45 * cfg["lr"] * (1 + math.cos(math.pi * progress))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--config", default="configs/160m.yaml")
    cfg = yaml.safe_load(open(p.parse_args().config))
    torch.manual_seed(cfg["train"]["seed"])

    tok = AutoTokenizer.from_pretrained("gpt2")
    ds = load_dataset(cfg["data"]["dataset"], name=cfg["data"]["name"], split="train",
                      revision=cfg["data"]["revision"], streaming=True)
    m = cfg["model"]
    model = GPT2LMHeadModel(GPT2Config(n_layer=m["n_layer"], n_head=m["n_head"], n_embd=m["d_model"],
                                       vocab_size=m["vocab_size"], n_positions=m["block_size"])).cuda()
    opt = torch.optim.AdamW(model.parameters(), lr=cfg["train"]["lr"], betas=(0.9, 0.95),
                            weight_decay=cfg["train"]["weight_decay"])
    buf: list[int] = []
    step = 0
    for row in ds:
        buf.extend(tok(row["text"])["input_ids"] + [tok.eos_token_id])
        if len(buf) < 16 * (m["block_size"] + 1):
            continue
        x = torch.tensor(buf[: 16 * (m["block_size"] + 1)]).view(16, -1).cuda()
        buf = buf[16 * (m["block_size"] + 1):]
        logits = model(x[:, :-1]).logits
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), x[:, 1:].reshape(-1))
        for group in opt.param_groups:
            group["lr"] = lr_at(step, cfg["train"])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % cfg["train"]["save_every"] == 0:
            model.save_pretrained(f"checkpoints/step{step}")
        if step >= cfg["train"]["max_steps"]:
            break


if __name__ == "__main__":
    main()
