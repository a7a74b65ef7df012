"""Weighted k-NN classification on frozen features (Wu et al., 2018)."""
import argparse

import torch
import torch.nn.functional as F
from torchvision import datasets, transforms

from simclr_lite.models import build_backbone

TF = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                         transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])


@torch.no_grad()
def extract(model, loader):
    feats, labels = [], []
    for x, y in loader:
        feats.append(F.normalize(model(x.cuda()), dim=1))
        labels.append(y.cuda())
    return torch.cat(feats), torch.cat(labels)


@torch.no_grad()
def knn_top1(train_f, train_y, test_f, test_y, k: int, t: float = 0.07, num_classes: int = 100) -> float:
    correct = 0
    for i in range(0, test_f.size(0), 256):
        sim = test_f[i:i + 256] @ train_f.T
        w, idx = sim.topk(k, dim=1)
        votes = torch.zeros(idx.size(0), num_classes, device=idx.device)
        votes.scatter_add_(1, train_y[idx], (w / t).exp())
        correct += (votes.argmax(1) == test_y[i:i + 256]).sum().item()
    return 100.0 * correct / test_f.size(0)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--ckpt", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--k", type=int, default=20)
    args = p.parse_args()
    model = build_backbone().cuda().eval()
    model.load_state_dict(torch.load(args.ckpt, map_location="cuda")["backbone"])
    mk = lambda split: torch.utils.data.DataLoader(datasets.ImageFolder(f"{args.data}/{split}", TF),
                                                   batch_size=256, num_workers=8)
    train_f, train_y = extract(model, mk("train"))
    val_f, val_y = extract(model, mk("val"))
    print(f"k-NN (k={args.k}) top-1: {knn_top1(train_f, train_y, val_f, val_y, args.k):.2f}")


if __name__ == "__main__":
    main()
