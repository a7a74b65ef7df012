import argparse
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from depthlite import load_pretrained

MEAN, STD = np.array([0.485, 0.456, 0.406]), np.array([0.229, 0.224, 0.225])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--encoder", default="vits")
    p.add_argument("--images", required=True)
    p.add_argument("--out", default="depth")
    args = p.parse_args()
    model = load_pretrained(args.encoder)
    Path(args.out).mkdir(exist_ok=True)
    for path in sorted(Path(args.images).glob("*.jpg")):
        img = np.asarray(Image.open(path).convert("RGB").resize((518, 518)), dtype=np.float32) / 255.0
        x = torch.from_numpy(((img - MEAN) / STD).astype(np.float32)).permute(2, 0, 1)[None]
        with torch.no_grad():
            depth = model(x)[0, 0].numpy()
        depth = (255 * (depth - depth.min()) / (np.ptp(depth) + 1e-6)).astype(np.uint8)
        Image.fromarray(depth).save(Path(args.out) / f"{path.stem}_depth.png")


if __name__ == "__main__":
    main()
