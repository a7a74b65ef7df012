import hydra
import lightning as L
import timm
import torch
import torch.nn.functional as F
from omegaconf import DictConfig
from torchvision import datasets, transforms

from vitcompress import models


class Distiller(L.LightningModule):
    def __init__(self, cfg: DictConfig):
        super().__init__()
        self.cfg = cfg
        self.student = getattr(models, cfg.model.builder)(max_ratio=cfg.model.max_ratio)
        self.teacher = timm.create_model(cfg.model.teacher, pretrained=True).eval().requires_grad_(False)

    def training_step(self, batch, _):
        images, targets = batch
        logits = self.student(images)
        with torch.no_grad():
            t_logits = self.teacher(images)
        loss = 0.5 * F.cross_entropy(logits, targets, label_smoothing=0.1) + 0.5 * F.kl_div(
            F.log_softmax(logits / 3.0, -1), F.softmax(t_logits / 3.0, -1), reduction="batchmean") * 9.0
        self.log("train/loss", loss, prog_bar=True)
        return loss

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.student.parameters(), lr=self.cfg.optim.lr, weight_decay=0.05)
        return [opt], [torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.cfg.trainer.max_epochs)]


@hydra.main(version_base="1.3", config_path="../configs", config_name="distill")
def main(cfg: DictConfig) -> None:
    L.seed_everything(cfg.seed, workers=True)
    tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                             transforms.ToTensor(), transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
    train = datasets.ImageFolder(f"{cfg.data.root}/train", tf)
    loader = torch.utils.data.DataLoader(train, batch_size=cfg.data.batch_size, shuffle=True, num_workers=10,
                                         pin_memory=True, drop_last=True)
    trainer = L.Trainer(max_epochs=cfg.trainer.max_epochs, devices=cfg.trainer.devices, precision="bf16-mixed",
                        strategy="ddp")
    trainer.fit(Distiller(cfg), loader)


if __name__ == "__main__":
    main()
