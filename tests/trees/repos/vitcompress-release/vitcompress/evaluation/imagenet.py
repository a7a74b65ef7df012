"""Top-1 / top-5 of a released checkpoint on the ImageNet-1k validation set."""
import argparse

import torch
from torchvision import datasets, transforms

from vitcompress import hub


@torch.no_grad()
def accuracy(model, loader, device="cuda"):
    top1 = top5 = total = 0
    for images, targets in loader:
        logits = model(images.to(device, non_blocking=True))
        _, pred = logits.topk(5, dim=1)
        correct = pred.eq(targets.to(device)[:, None])
        top1 += correct[:, 0].sum().item()
        top5 += correct.any(dim=1).sum().item()
        total += targets.numel()
    return 100.0 * top1 / total, 100.0 * top5 / total


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=sorted(hub.CHECKPOINTS))
    p.add_argument("--data", required=True)
    p.add_argument("--batch-size", type=int, default=256)
    args = p.parse_args()
    tf = transforms.Compose([transforms.Resize(256, interpolation=transforms.InterpolationMode.BICUBIC),
                             transforms.CenterCrop(224), transforms.ToTensor(),
                             transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
    loader = torch.utils.data.DataLoader(datasets.ImageFolder(f"{args.data}/val", tf),
                                         batch_size=args.batch_size, num_workers=10, pin_memory=True)
    model = hub.load(args.model).cuda()
    top1, top5 = accuracy(model, loader)
    print(f"{args.model}: top-1 {top1:.2f}  top-5 {top5:.2f}")


if __name__ == "__main__":
    main()
