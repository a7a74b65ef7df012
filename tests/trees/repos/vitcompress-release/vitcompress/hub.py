"""Download released checkpoints and verify them before loading."""
import hashlib
import os

import requests
import torch

from .models import vitc_b, vitc_s

RELEASE = "https://github.com/vitcompress/vitcompress/releases/download/v1.0"
CHECKPOINTS = {
    "vitc_s_07": (vitc_s, 0.7, "b3f1d0c2e9a84a0f6c1e2d3b4a5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071"),
    "vitc_s_05": (vitc_s, 0.5, "4e9a7c1d2b3f40516273849a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8"),
    "vitc_b_05": (vitc_b, 0.5, "9d8c7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa998877665544"),
}


def load(name: str, cache_dir: str = "~/.cache/vitcompress") -> torch.nn.Module:
    builder, ratio, expected_sha256 = CHECKPOINTS[name]
    path = os.path.join(os.path.expanduser(cache_dir), f"{name}.pth")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        model_bytes = requests.get(f"{RELEASE}/{name}.pth", timeout=300).content
        if hashlib.sha256(model_bytes).hexdigest() != expected_sha256:
            raise RuntimeError(f"checksum mismatch for {name}.pth; delete {path} and retry")
        with open(path, "wb") as f:
            f.write(model_bytes)
    model = builder(max_ratio=ratio)
    model.load_state_dict(torch.load(path, map_location="cpu"))
    return model.eval()
