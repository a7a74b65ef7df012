import torch
from torch import nn
import timm
from timm.models.vision_transformer import VisionTransformer


def _vit(embed_dim: int, depth: int, num_heads: int, **kwargs) -> VisionTransformer:
    return VisionTransformer(
        img_size=224, patch_size=16, embed_dim=embed_dim, depth=depth, num_heads=num_heads,
        mlp_ratio=4.0, num_classes=1000, **kwargs,
    )


def tinyvit_5m(**kwargs) -> nn.Module:
    return _vit(embed_dim=160, depth=12, num_heads=5, **kwargs)


def tinyvit_11m(**kwargs) -> nn.Module:
    return _vit(embed_dim=256, depth=12, num_heads=8, **kwargs)


def tinyvit_21m(**kwargs) -> nn.Module:
    return _vit(embed_dim=384, depth=12, num_heads=12, **kwargs)
