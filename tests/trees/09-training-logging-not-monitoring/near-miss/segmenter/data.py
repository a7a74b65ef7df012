from pathlib import Path

import lightning as L
import numpy as np
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset


class TileDataset(Dataset):
    def __init__(self, root: Path):
        self.images = sorted((root / "images").glob("*.png"))
        self.root = root

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        img = np.asarray(Image.open(self.images[i]).convert("RGB"), dtype=np.float32) / 255.0
        mask = np.asarray(Image.open(self.root / "masks" / self.images[i].name), dtype=np.float32) / 255.0
        return torch.from_numpy(img).permute(2, 0, 1), torch.from_numpy(mask)[None]


class RoofTiles(L.LightningDataModule):
    def __init__(self, root: str, batch_size: int = 16):
        super().__init__()
        self.root, self.batch_size = Path(root), batch_size

    def train_dataloader(self):
        return DataLoader(TileDataset(self.root / "train"), batch_size=self.batch_size, shuffle=True,
                          num_workers=8)

    def val_dataloader(self):
        return DataLoader(TileDataset(self.root / "val"), batch_size=self.batch_size, num_workers=8)
