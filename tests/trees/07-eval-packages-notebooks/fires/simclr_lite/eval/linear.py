"""Linear probe: train a linear classifier on frozen backbone features, report val top-1."""
import argparse

import torch
import torch.nn as nn
from torchvision import datasets, transforms

from simclr_lite.models import build_backbone


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--ckpt", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=100)
    args = p.parse_args()
    torch.manual_seed(0)
    backbone = build_backbone().cuda().eval()
    backbone.load_state_dict(torch.load(args.ckpt, map_location="cuda")["backbone"])
    head = nn.Linear(512, 100).cuda()
    opt = torch.optim.SGD(head.parameters(), lr=0.1, momentum=0.9)
    norm = transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))
    train = datasets.ImageFolder(f"{args.data}/train", transforms.Compose([
        transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(), transforms.ToTensor(), norm]))
    val = datasets.ImageFolder(f"{args.data}/val", transforms.Compose([
        transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), norm]))
    for _ in range(args.epochs):
        for x, y in torch.utils.data.DataLoader(train, batch_size=256, shuffle=True, num_workers=8):
            with torch.no_grad():
                f = backbone(x.cuda())
            loss = nn.functional.cross_entropy(head(f), y.cuda())
            opt.zero_grad()
            loss.backward()
            opt.step()
    correct = 0
    with torch.no_grad():
        for x, y in torch.utils.data.DataLoader(val, batch_size=256, num_workers=8):
            correct += (head(backbone(x.cuda())).argmax(1) == y.cuda()).sum().item()
    print(f"linear probe top-1: {100.0 * correct / len(val):.2f}")


if __name__ == "__main__":
    main()
