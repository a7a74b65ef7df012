import hashlib
from pathlib import Path

import requests

VIT_B16_URL = "https://storage.googleapis.com/vit_models/augreg/B_16-i21k-300ep-lr_0.001-aug_medium1-wd_0.1-do_0.0-sd_0.0.npz"
VIT_B16_SHA256 = "0b1b6d7d3c2e8f9a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f901a2b"


def fetch_backbone(dest: Path = Path("checkpoints/vit_b16_i21k.npz")) -> Path:
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    blob = requests.get(VIT_B16_URL, timeout=600).content
    if hashlib.sha256(blob).hexdigest() != VIT_B16_SHA256:
        raise ValueError("ViT-B/16 checkpoint does not match the expected SHA-256")
    dest.write_bytes(blob)
    return dest
