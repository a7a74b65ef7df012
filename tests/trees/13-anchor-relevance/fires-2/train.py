import argparse

import torch
import torch.nn.functional as F
import torchvision

from fastcifar.data import CIFAR10


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=16)
    args = p.parse_args()
    torch.manual_seed(0)
    train = CIFAR10("data", train=True)
    model = torchvision.models.resnet18(num_classes=10).cuda().to(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9, nesterov=True, weight_decay=5e-4)
    for _ in range(args.epochs):
        perm = torch.randperm(len(train), device="cuda")
        for idx in perm.split(512):
            x = train.images[idx].float().div_(255)
            flip = torch.rand(len(idx), device="cuda") < 0.5
            x[flip] = x[flip].flip(-1)
            with torch.autocast("cuda", dtype=torch.bfloat16):
                loss = F.cross_entropy(model(x), train.targets[idx], label_smoothing=0.2)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    torch.save(model.state_dict(), "resnet18_cifar10.pt")


if __name__ == "__main__":
    main()
