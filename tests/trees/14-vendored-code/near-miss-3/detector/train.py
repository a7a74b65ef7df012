import torch
import torchvision
from torchvision.datasets import CocoDetection
from torchvision.models.detection import fasterrcnn_resnet50_fpn_v2
from torchvision.transforms import v2 as T

PERSON = 1


def main() -> None:
    torch.manual_seed(0)
    tf = T.Compose([T.ToImage(), T.RandomHorizontalFlip(), T.ToDtype(torch.float32, scale=True)])
    coco = CocoDetection("data/coco/train2017", "data/coco/annotations/instances_train2017.json", transforms=tf)
    coco = torchvision.datasets.wrap_dataset_for_transforms_v2(coco, target_keys=["boxes", "labels"])
    loader = torch.utils.data.DataLoader(coco, batch_size=4, shuffle=True, num_workers=8,
                                         collate_fn=lambda batch: tuple(zip(*batch)))
    model = fasterrcnn_resnet50_fpn_v2(weights="DEFAULT").cuda().train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    for images, targets in loader:
        targets = [{k: v.cuda() for k, v in t.items()} for t in targets]
        losses = model([img.cuda() for img in images], targets)
        loss = sum(losses.values())
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "checkpoints/frcnn_person.pt")


if __name__ == "__main__":
    main()
