import lightning as L
import segmentation_models_pytorch as smp
import torch


class RoofSegmenter(L.LightningModule):
    def __init__(self, lr: float = 3e-4):
        super().__init__()
        self.save_hyperparameters()
        self.net = smp.Unet("resnet34", encoder_weights="imagenet", in_channels=3, classes=1)
        self.loss = smp.losses.DiceLoss("binary")

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = self.loss(self(x), y)
        self.log("train/loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        self.log("val/loss", self.loss(logits, y), prog_bar=True)
        return logits

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
