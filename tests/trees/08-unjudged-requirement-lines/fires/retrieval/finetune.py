import argparse

import clip
import pandas as pd
import torch
import torch.nn.functional as F
from PIL import Image


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--pairs", required=True)
    p.add_argument("--epochs", type=int, default=3)
    args = p.parse_args()
    torch.manual_seed(5)
    model, preprocess = clip.load("ViT-B/32", device="cuda", jit=False)
    model.float()
    pairs = pd.read_parquet(args.pairs)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-6, weight_decay=0.2)
    for _ in range(args.epochs):
        for start in range(0, len(pairs), 128):
            batch = pairs.iloc[start:start + 128]
            images = torch.stack([preprocess(Image.open(p)) for p in batch.image_path]).cuda()
            texts = clip.tokenize(batch.title.tolist(), truncate=True).cuda()
            img = F.normalize(model.encode_image(images), dim=-1)
            txt = F.normalize(model.encode_text(texts), dim=-1)
            logits = model.logit_scale.exp() * img @ txt.T
            labels = torch.arange(len(batch), device="cuda")
            loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.save(model.state_dict(), "clip_products.pt")


if __name__ == "__main__":
    main()
