import argparse
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset

from models import GuidedNet


class KittiDepth(Dataset):
    def __init__(self, root: str, split: str = "train"):
        self.sparse = sorted(Path(root, split).glob("*/proj_depth/velodyne_raw/image_02/*.png"))

    def __len__(self):
        return len(self.sparse)

    def __getitem__(self, i):
        sparse_path = self.sparse[i]
        gt_path = Path(str(sparse_path).replace("velodyne_raw", "groundtruth"))
        rgb_path = sparse_path.parents[3] / "image_02" / "data" / sparse_path.name
        rgb = torch.from_numpy(np.asarray(Image.open(rgb_path), dtype=np.float32) / 255.0).permute(2, 0, 1)
        sparse = torch.from_numpy(np.asarray(Image.open(sparse_path), dtype=np.float32) / 256.0)[None]
        gt = torch.from_numpy(np.asarray(Image.open(gt_path), dtype=np.float32) / 256.0)[None]
        return rgb[:, :352, :1216], sparse[:, :352, :1216], gt[:, :352, :1216]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=30)
    args = p.parse_args()
    torch.manual_seed(3)
    model = GuidedNet().cuda()
    opt = torch.optim.AdamW(model.param_groups(lr=1e-3, weight_decay=1e-4))
    loader = DataLoader(KittiDepth(args.data), batch_size=8, shuffle=True, num_workers=8)
    for epoch in range(args.epochs):
        for rgb, sparse, gt in loader:
            pred = model(rgb.cuda(), sparse.cuda())
            valid = gt.cuda() > 0
            loss = ((pred - gt.cuda())[valid] ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.save(f"checkpoints/guided_ep{epoch}.pt", epoch=epoch)


if __name__ == "__main__":
    main()
