import torch
import torch.nn as nn


class BaseModel(nn.Module):
    """Shared helpers of every ViTCompress network."""

    @property
    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def no_weight_decay(self) -> set:
        return {name for name, p in self.named_parameters() if p.ndim <= 1 or "pos_embed" in name}

    @torch.no_grad()
    def throughput(self, batch: int = 256, steps: int = 30) -> float:
        x = torch.randn(batch, 3, 224, 224, device=next(self.parameters()).device, dtype=torch.half)
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(steps):
            self(x)
        end.record()
        torch.cuda.synchronize()
        return batch * steps / (start.elapsed_time(end) / 1000)
