import timm
import torch
import torch.nn as nn
import torch.nn.functional as F


class DepthLite(nn.Module):
    def __init__(self, encoder: str = "vits"):
        super().__init__()
        name = {"vits": "vit_small_patch14_dinov2", "vitb": "vit_base_patch14_dinov2"}[encoder]
        self.encoder = timm.create_model(name, pretrained=False, num_classes=0, img_size=518)
        dim = self.encoder.num_features
        self.head = nn.Sequential(nn.Conv2d(dim, 256, 3, padding=1), nn.ReLU(), nn.Conv2d(256, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[-2:]
        tokens = self.encoder.forward_features(x)[:, self.encoder.num_prefix_tokens:]
        side = int(tokens.shape[1] ** 0.5)
        feat = tokens.transpose(1, 2).reshape(x.shape[0], -1, side, side)
        return F.interpolate(F.relu(self.head(feat)), size=(h, w), mode="bilinear", align_corners=False)
