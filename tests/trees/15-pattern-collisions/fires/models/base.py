from pathlib import Path

import torch
import torch.nn as nn


class BaseModel(nn.Module):
    """Common plumbing for every network: checkpoint I/O and optimizer parameter groups."""

    def param_groups(self, lr: float, weight_decay: float):
        decay, no_decay = [], []
        for name, p in self.named_parameters():
            (no_decay if p.ndim == 1 or name.endswith(".bias") else decay).append(p)
        return [{"params": decay, "lr": lr, "weight_decay": weight_decay},
                {"params": no_decay, "lr": lr, "weight_decay": 0.0}]

    def save(self, path: str, **extra) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        torch.save({"state_dict": self.state_dict(), **extra}, path)

    def load(self, path: str) -> dict:
        ckpt = torch.load(path, map_location="cpu")
        self.load_state_dict(ckpt["state_dict"])
        return ckpt
