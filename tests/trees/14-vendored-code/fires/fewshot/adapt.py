import argparse
import copy
import pickle

import numpy as np
import torch
import torch.nn.functional as F
from torchvision import datasets, transforms


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--source", required=True)
    p.add_argument("--target", required=True)
    p.add_argument("--shots", type=int, default=10)
    p.add_argument("--kimg", type=int, default=400)
    args = p.parse_args()
    torch.manual_seed(0)
    np.random.seed(0)
    with open(args.source, "rb") as f:
        nets = pickle.load(f)
    G, D = nets["G_ema"].cuda(), nets["D"].cuda().requires_grad_(False)
    G_src = copy.deepcopy(G).eval().requires_grad_(False)
    target = datasets.ImageFolder(args.target, transforms.Compose([
        transforms.Resize(256), transforms.ToTensor(), transforms.Normalize([0.5] * 3, [0.5] * 3)]))
    images = torch.stack([target[i][0] for i in range(args.shots)]).cuda()
    opt = torch.optim.Adam(G.synthesis.parameters(), lr=2e-3, betas=(0, 0.99))
    for step in range(args.kimg * 1000 // args.shots):
        z = torch.randn(args.shots, G.z_dim, device="cuda")
        fake = G(z, None)
        loss = F.softplus(-D(fake, None)).mean() + 0.1 * F.l1_loss(fake, G_src(z, None)) \
            + 0.5 * F.mse_loss(D.b4.fc(fake.mean(0, keepdim=True)), D.b4.fc(images.mean(0, keepdim=True)))
        opt.zero_grad()
        loss.backward()
        opt.step()
    with open("adapted.pkl", "wb") as f:
        pickle.dump({"G_ema": G.cpu()}, f)


if __name__ == "__main__":
    main()
