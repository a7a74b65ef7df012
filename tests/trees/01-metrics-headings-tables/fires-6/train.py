import argparse

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from torchvision import transforms


def calibmix(x, y, alpha: float, num_classes: int):
    lam = float(np.random.beta(alpha, alpha))
    idx = torch.randperm(x.size(0), device=x.device)
    y1 = F.one_hot(y, num_classes).float()
    soft = lam * y1 + (1 - lam) * y1[idx]
    return lam * x + (1 - lam) * x[idx], soft


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dataset", default="cifar100")
    p.add_argument("--mix", default="calibmix")
    p.add_argument("--alpha", type=float, default=0.4)
    p.add_argument("--epochs", type=int, default=200)
    args = p.parse_args()

    torch.manual_seed(0)
    np.random.seed(0)
    tf = transforms.Compose([transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip(),
                             transforms.ToTensor()])
    train = torchvision.datasets.CIFAR100("data", train=True, download=True, transform=tf)
    loader = torch.utils.data.DataLoader(train, batch_size=128, shuffle=True, num_workers=4)
    model = torchvision.models.resnet18(num_classes=100).cuda()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    for _ in range(args.epochs):
        for x, y in loader:
            x, soft = calibmix(x.cuda(), y.cuda(), args.alpha, 100)
            loss = torch.sum(-soft * F.log_softmax(model(x), dim=-1), dim=-1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
    torch.save(model.state_dict(), "calibmix_resnet18.pt")


if __name__ == "__main__":
    main()
