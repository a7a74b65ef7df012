import timm
import torch
import torch.nn as nn

from .base import BaseModel


class BudgetMerge(nn.Module):
    """Merge the r most similar token pairs, with r predicted from a learned budget logit."""

    def __init__(self, dim: int, max_ratio: float):
        super().__init__()
        self.budget = nn.Parameter(torch.zeros(1))
        self.max_ratio = max_ratio

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        cls, tokens = x[:, :1], x[:, 1:]
        r = int(tokens.shape[1] * self.max_ratio * torch.sigmoid(self.budget).item()) // 2
        if r == 0:
            return x
        a, b = tokens[:, ::2], tokens[:, 1::2]
        scores = nn.functional.normalize(a, dim=-1) @ nn.functional.normalize(b, dim=-1).transpose(1, 2)
        best, idx = scores.max(dim=-1)
        order = best.argsort(dim=-1, descending=True)
        merged, kept = order[:, :r], order[:, r:]
        dst = idx.gather(1, merged)
        b = b.scatter_reduce(1, dst[..., None].expand(-1, -1, b.shape[-1]),
                             a.gather(1, merged[..., None].expand(-1, -1, a.shape[-1])), reduce="mean")
        a = a.gather(1, kept[..., None].expand(-1, -1, a.shape[-1]))
        return torch.cat([cls, a, b], dim=1)


class ViTCompress(BaseModel):
    def __init__(self, arch: str, max_ratio: float):
        super().__init__()
        self.vit = timm.create_model(arch, pretrained=False, num_classes=1000)
        self.merges = nn.ModuleList(BudgetMerge(self.vit.embed_dim, max_ratio) for _ in self.vit.blocks)

    def forward(self, x):
        x = self.vit.patch_embed(x)
        x = self.vit._pos_embed(x)
        for block, merge in zip(self.vit.blocks, self.merges):
            x = merge(block(x))
        return self.vit.head(self.vit.norm(x)[:, 0])


def vitc_s(max_ratio: float = 0.5) -> ViTCompress:
    return ViTCompress("deit_small_patch16_224", max_ratio)


def vitc_b(max_ratio: float = 0.5) -> ViTCompress:
    return ViTCompress("deit_base_patch16_224", max_ratio)
