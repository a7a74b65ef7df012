import lightning as L
import torch
import wandb


class WandbPredictionLogger(L.Callback):
    """Log a few validation tiles with predicted and true masks to W&B each epoch."""

    def __init__(self, num_samples: int = 8):
        self.num_samples = num_samples

    def on_validation_batch_end(self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0):
        if batch_idx != 0:
            return
        imgs, masks = batch
        preds = (torch.sigmoid(outputs) > 0.5).float()
        self.log_predictions(imgs[: self.num_samples], preds[: self.num_samples], masks[: self.num_samples],
                             trainer.current_epoch)

    def log_predictions(self, imgs, preds, masks, epoch):
        table = wandb.Table(columns=["epoch", "tile"])
        for img, pred, mask in zip(imgs, preds, masks):
            table.add_data(epoch, wandb.Image(img.cpu(), masks={
                "prediction": {"mask_data": pred[0].cpu().numpy().astype("uint8")},
                "ground_truth": {"mask_data": mask[0].cpu().numpy().astype("uint8")},
            }))
        wandb.log({"val/predictions": table})
