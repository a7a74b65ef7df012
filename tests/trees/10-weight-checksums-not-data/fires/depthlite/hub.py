import hashlib
import os
import urllib.request

import torch

from .model import DepthLite

RELEASE = "https://github.com/depthlite/depthlite/releases/download/v1.0"
WEIGHTS = {
    "vits": ("depthlite_vits.pth", "3a1f5e0c9b7d24e6f8a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2"),
    "vitb": ("depthlite_vitb.pth", "9c2e4a6b8d0f1e3c5a7b9d1f3e5c7a9b1d3f5e7c9a1b3d5f7e9c1a3b5d7f9e1c"),
}
CACHE = os.path.expanduser("~/.cache/depthlite")


def load_pretrained(encoder: str = "vits") -> DepthLite:
    filename, expected = WEIGHTS[encoder]
    path = os.path.join(CACHE, filename)
    if not os.path.exists(path):
        os.makedirs(CACHE, exist_ok=True)
        with urllib.request.urlopen(f"{RELEASE}/{filename}") as response:
            model_bytes = response.read()
        if hashlib.sha256(model_bytes).hexdigest() != expected:
            raise RuntimeError(f"{filename}: checksum mismatch, delete {path} and retry")
        with open(path, "wb") as f:
            f.write(model_bytes)
    model = DepthLite(encoder)
    model.load_state_dict(torch.load(path, map_location="cpu"))
    return model.eval()
