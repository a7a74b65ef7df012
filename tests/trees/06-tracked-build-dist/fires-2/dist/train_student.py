import argparse
import random

import numpy as np
import torch
import torchvision
from torchvision import transforms

from dist.losses import kd_loss
from teacher.resnet import cifar_resnet


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--teacher", required=True)
    p.add_argument("--temperature", type=float, default=4.0)
    p.add_argument("--alpha", type=float, default=0.9)
    p.add_argument("--epochs", type=int, default=240)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    tf = transforms.Compose([transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip(),
                             transforms.ToTensor(),
                             transforms.Normalize((0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762))])
    train = torchvision.datasets.CIFAR100("data", train=True, download=True, transform=tf)
    loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True, num_workers=4)

    teacher = cifar_resnet(56).cuda().eval()
    teacher.load_state_dict(torch.load(args.teacher, map_location="cuda"))
    student = cifar_resnet(20).cuda()
    opt = torch.optim.SGD(student.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[150, 180, 210], gamma=0.1)
    for _ in range(args.epochs):
        student.train()
        for x, y in loader:
            x, y = x.cuda(), y.cuda()
            with torch.no_grad():
                t_logits = teacher(x)
            loss = kd_loss(student(x), t_logits, y, args.temperature, args.alpha)
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
    torch.save(student.state_dict(), "checkpoints/resnet20_student.pt")


if __name__ == "__main__":
    main()
