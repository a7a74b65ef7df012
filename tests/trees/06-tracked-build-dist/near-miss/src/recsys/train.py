import argparse

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn


class Tower(nn.Module):
    def __init__(self, n_ids: int, dim: int = 64):
        super().__init__()
        self.emb = nn.EmbeddingBag(n_ids, dim, mode="mean")
        self.mlp = nn.Sequential(nn.Linear(dim, 128), nn.ReLU(), nn.Linear(128, dim))

    def forward(self, ids, offsets):
        return F.normalize(self.mlp(self.emb(ids, offsets)), dim=-1)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--pairs", default="data/coviews.parquet")
    args = p.parse_args()
    pairs = pd.read_parquet(args.pairs)
    n_items = int(max(pairs.item_a.max(), pairs.item_b.max())) + 1
    query, cand = Tower(n_items), Tower(n_items)
    opt = torch.optim.Adam(list(query.parameters()) + list(cand.parameters()), lr=1e-3)
    for _ in range(args.epochs):
        for batch in np.array_split(pairs.sample(frac=1.0), max(1, len(pairs) // 1024)):
            a = torch.tensor(batch.item_a.values)
            b = torch.tensor(batch.item_b.values)
            offsets = torch.arange(len(batch))
            logits = query(a, offsets) @ cand(b, offsets).T / 0.05
            loss = F.cross_entropy(logits, torch.arange(len(batch)))
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.save({"query": query.state_dict(), "cand": cand.state_dict()}, "two_tower.pt")


if __name__ == "__main__":
    main()
