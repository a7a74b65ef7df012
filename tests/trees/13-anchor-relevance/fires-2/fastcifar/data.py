import numpy as np
import torch
from torchvision.datasets import VisionDataset


class CIFAR10(VisionDataset):
    """CIFAR-10 kept as one uint8 tensor on the GPU; augmentation is done batch-wise on device."""

    def __init__(self, root: str, train: bool = True, device: str = "cuda"):
        super().__init__(root)
        files = [f"data_batch_{i}" for i in range(1, 6)] if train else ["test_batch"]
        xs, ys = [], []
        for name in files:
            batch = np.load(f"{root}/cifar-10-batches-py/{name}", allow_pickle=True, encoding="latin1")
            xs.append(batch["data"])
            ys.extend(batch["labels"])
        self.images = torch.from_numpy(np.concatenate(xs).reshape(-1, 3, 32, 32)).to(device)
        self.targets = torch.tensor(ys, device=device)

    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, i):
        return self.images[i], self.targets[i]
