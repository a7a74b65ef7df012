import hydra
import lightning as L
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from omegaconf import DictConfig
from torch.utils.data import DataLoader, TensorDataset


class SleepCNN(L.LightningModule):
    def __init__(self, channels, dropout, lr, weight_decay):
        super().__init__()
        self.save_hyperparameters()
        layers, cin = [], 1
        for c in channels:
            layers += [nn.Conv1d(cin, c, 7, padding=3), nn.BatchNorm1d(c), nn.ReLU(), nn.MaxPool1d(4)]
            cin = c
        self.net = nn.Sequential(*layers, nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Dropout(dropout),
                                 nn.Linear(cin, 5))

    def training_step(self, batch, _):
        x, y = batch
        loss = F.cross_entropy(self.net(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, weight_decay=self.hparams.weight_decay)


@hydra.main(version_base="1.3", config_path="../conf", config_name="config")
def main(cfg: DictConfig) -> None:
    L.seed_everything(cfg.seed, workers=True)
    x = np.load(f"{cfg.data.root}/train_x.npy")
    y = np.load(f"{cfg.data.root}/train_y.npy")
    loader = DataLoader(TensorDataset(torch.from_numpy(x).float()[:, None], torch.from_numpy(y).long()),
                        batch_size=cfg.data.batch_size, shuffle=True, num_workers=4)
    model = SleepCNN(list(cfg.model.channels), cfg.model.dropout, cfg.optim.lr, cfg.optim.weight_decay)
    trainer = L.Trainer(max_epochs=cfg.trainer.max_epochs, accelerator=cfg.trainer.accelerator,
                        devices=cfg.trainer.devices)
    trainer.fit(model, loader)
    trainer.save_checkpoint("checkpoints/sleep_cnn.ckpt")


if __name__ == "__main__":
    main()
