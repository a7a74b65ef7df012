import argparse

import timm
import torch
import torch.nn.functional as F
from torchvision import datasets, transforms

from weights import fetch_backbone


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=15)
    args = p.parse_args()
    torch.manual_seed(17)
    model = timm.create_model("vit_base_patch16_224.augreg_in21k", pretrained=True,
                              pretrained_cfg_overlay={"file": str(fetch_backbone())}, num_classes=38).cuda()
    tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                             transforms.ToTensor(), transforms.Normalize((0.5,) * 3, (0.5,) * 3)])
    train = datasets.ImageFolder(f"{args.data}/train", tf)
    loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True, num_workers=8)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-5, weight_decay=0.05)
    for _ in range(args.epochs):
        for x, y in loader:
            loss = F.cross_entropy(model(x.cuda()), y.cuda(), label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.save(model.state_dict(), "checkpoints/plant_vit_b16.pt")


if __name__ == "__main__":
    main()
