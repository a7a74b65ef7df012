import argparse

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

import tinyvit


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="tinyvit_11m")
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--lr", type=float, default=5e-4)
    args = p.parse_args()

    torch.manual_seed(0)
    tf = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
    ])
    train = datasets.ImageFolder(f"{args.data}/train", transform=tf)
    loader = DataLoader(train, batch_size=128, shuffle=True, num_workers=8, drop_last=True)
    model = getattr(tinyvit, args.model)().cuda()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    for epoch in range(args.epochs):
        for images, targets in loader:
            loss = F.cross_entropy(model(images.cuda()), targets.cuda(), label_smoothing=0.1)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        torch.save(model.state_dict(), f"{args.model}_ep{epoch}.pth")


if __name__ == "__main__":
    main()
