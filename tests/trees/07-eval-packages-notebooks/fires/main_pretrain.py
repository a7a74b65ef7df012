import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import datasets, transforms

from simclr_lite.models import build_backbone


class TwoCrops:
    def __init__(self, tf):
        self.tf = tf

    def __call__(self, x):
        return self.tf(x), self.tf(x)


def nt_xent(z1, z2, temperature: float = 0.2):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.T / temperature
    sim.fill_diagonal_(float("-inf"))
    n = z1.size(0)
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]).to(z.device)
    return F.cross_entropy(sim, targets)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=400)
    args = p.parse_args()
    torch.manual_seed(42)
    aug = transforms.Compose([
        transforms.RandomResizedCrop(224, scale=(0.08, 1.0)), transforms.RandomHorizontalFlip(),
        transforms.RandomApply([transforms.ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8),
        transforms.RandomGrayscale(p=0.2), transforms.ToTensor()])
    data = datasets.ImageFolder(f"{args.data}/train", TwoCrops(aug))
    loader = torch.utils.data.DataLoader(data, batch_size=256, shuffle=True, num_workers=8, drop_last=True)
    backbone = build_backbone().cuda()
    projector = nn.Sequential(nn.Linear(512, 2048), nn.ReLU(), nn.Linear(2048, 128)).cuda()
    opt = torch.optim.SGD(list(backbone.parameters()) + list(projector.parameters()), lr=0.3,
                          momentum=0.9, weight_decay=1e-6)
    for epoch in range(args.epochs):
        for (x1, x2), _ in loader:
            loss = nt_xent(projector(backbone(x1.cuda())), projector(backbone(x2.cuda())))
            opt.zero_grad()
            loss.backward()
            opt.step()
        torch.save({"backbone": backbone.state_dict(), "epoch": epoch}, "runs/simclr/last.ckpt")


if __name__ == "__main__":
    main()
