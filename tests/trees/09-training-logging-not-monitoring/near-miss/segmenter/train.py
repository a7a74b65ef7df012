import argparse

import lightning as L
from lightning.pytorch.loggers import WandbLogger

from segmenter.callbacks import WandbPredictionLogger
from segmenter.data import RoofTiles
from segmenter.model import RoofSegmenter


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--max-epochs", type=int, default=60)
    args = p.parse_args()
    L.seed_everything(2024, workers=True)
    dm = RoofTiles(args.data, batch_size=16)
    trainer = L.Trainer(max_epochs=args.max_epochs, precision="16-mixed",
                        logger=WandbLogger(project="roof-segmenter"),
                        callbacks=[WandbPredictionLogger(num_samples=8)])
    trainer.fit(RoofSegmenter(), datamodule=dm)
    trainer.save_checkpoint("checkpoints/roof_unet.ckpt")


if __name__ == "__main__":
    main()
