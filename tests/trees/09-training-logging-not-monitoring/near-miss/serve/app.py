import io
import json
import logging
import time

import numpy as np
import torch
from fastapi import FastAPI, File, UploadFile
from PIL import Image

from segmenter.model import RoofSegmenter

prediction_logger = logging.getLogger("roof-segmenter.predictions")
prediction_logger.addHandler(logging.FileHandler("/var/log/roof-segmenter/predictions.jsonl"))
prediction_logger.setLevel(logging.INFO)

app = FastAPI(title="roof-segmenter")
model = RoofSegmenter.load_from_checkpoint("checkpoints/roof_unet.ckpt", map_location="cpu").eval()


@app.post("/segment")
async def segment(tile: UploadFile = File(...)) -> dict:
    raw = await tile.read()
    img = Image.open(io.BytesIO(raw)).convert("RGB").resize((512, 512))
    x = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0).permute(2, 0, 1)[None]
    with torch.no_grad():
        mask = torch.sigmoid(model(x))[0, 0] > 0.5
    fraction = float(mask.float().mean())
    prediction_logger.info(json.dumps({"ts": time.time(), "filename": tile.filename, "bytes": len(raw),
                                       "mean_rgb": x.mean(dim=(2, 3)).tolist()[0],
                                       "roof_fraction": fraction}))
    return {"roof_fraction": fraction}
