import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from data_utils import BucketedPairs


def main() -> None:
    torch.manual_seed(1)
    pairs = BucketedPairs("data/bin/train.en-de.pt", max_tokens=4096)
    model = nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
                           dim_feedforward=2048, dropout=0.1, batch_first=True).cuda()
    embed = nn.Embedding(32000, 512).cuda()
    proj = nn.Linear(512, 32000).cuda()
    params = list(model.parameters()) + list(embed.parameters()) + list(proj.parameters())
    opt = torch.optim.Adam(params, lr=7e-4, betas=(0.9, 0.98), eps=1e-9)
    for src, tgt in DataLoader(pairs, batch_size=None, shuffle=True):
        src, tgt = src.cuda(), tgt.cuda()
        mask = model.generate_square_subsequent_mask(tgt.size(1) - 1).cuda()
        out = proj(model(embed(src), embed(tgt[:, :-1]), tgt_mask=mask))
        loss = nn.functional.cross_entropy(out.reshape(-1, 32000), tgt[:, 1:].reshape(-1),
                                           label_smoothing=0.1, ignore_index=0)
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "transformer_base_ende.pt")


if __name__ == "__main__":
    main()
