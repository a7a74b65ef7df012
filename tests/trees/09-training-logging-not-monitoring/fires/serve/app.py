import io

import numpy as np
import torch
from fastapi import FastAPI, File, UploadFile
from PIL import Image

from segmenter.model import RoofSegmenter

app = FastAPI(title="roof-segmenter")
model = RoofSegmenter.load_from_checkpoint("checkpoints/roof_unet.ckpt", map_location="cpu").eval()


@app.post("/segment")
async def segment(tile: UploadFile = File(...)) -> dict:
    img = Image.open(io.BytesIO(await tile.read())).convert("RGB").resize((512, 512))
    x = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0).permute(2, 0, 1)[None]
    with torch.no_grad():
        mask = torch.sigmoid(model(x))[0, 0] > 0.5
    return {"roof_fraction": float(mask.float().mean())}
