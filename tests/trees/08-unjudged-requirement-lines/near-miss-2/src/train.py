import argparse

import torch
import torch.nn as nn
import torchaudio
from torchaudio.datasets import SPEECHCOMMANDS

LABELS = sorted(["backward", "bed", "bird", "cat", "dog", "down", "eight", "five", "follow", "forward",
                 "four", "go", "happy", "house", "learn", "left", "marvin", "nine", "no", "off", "on",
                 "one", "right", "seven", "sheila", "six", "stop", "three", "tree", "two", "up",
                 "visual", "wow", "yes", "zero"])


def collate(batch, mel=torchaudio.transforms.MelSpectrogram(16000, n_mels=40)):
    waves = [nn.functional.pad(w, (0, 16000 - w.shape[-1])) for w, *_ in batch]
    x = torch.log(mel(torch.stack(waves)) + 1e-6)
    y = torch.tensor([LABELS.index(b[2]) for b in batch])
    return x, y


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=30)
    args = p.parse_args()
    torch.manual_seed(0)
    train = SPEECHCOMMANDS("data", download=True, subset="training")
    loader = torch.utils.data.DataLoader(train, batch_size=256, shuffle=True, collate_fn=collate,
                                         num_workers=4)
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
        nn.Flatten(), nn.Linear(64, len(LABELS))).cuda()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(args.epochs):
        for x, y in loader:
            loss = nn.functional.cross_entropy(model(x.cuda()), y.cuda())
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.save(model.state_dict(), "kws_cnn.pt")


if __name__ == "__main__":
    main()
