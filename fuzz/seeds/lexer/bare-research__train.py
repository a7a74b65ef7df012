import argparse
import os

import pandas as pd
import torch
import torch.nn as nn
import yaml
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader
from tqdm import tqdm

from data import TweetDataset
from model import LSTMClassifier, count_parameters


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/default.yaml")
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--hidden-size", type=int)
    parser.add_argument("--optimizer", default="adam")
    return parser.parse_args()


def make_optimizer(name, params, lr):
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    raise ValueError(f"unknown optimizer: {name}")


def evaluate(model, loader, device):
    model.eval()
    correct, total = 0, 0
    with torch.no_grad():
        for batch in loader:
            logits = model(batch["input_ids"].to(device), batch["attention_mask"].to(device))
            correct += (logits.argmax(dim=-1).cpu() == batch["label"]).sum().item()
            total += len(batch["label"])
    return correct / total


def main():
    args = parse_args()
    with open(args.config) as f:
        cfg = yaml.safe_load(f)
    if args.epochs:
        cfg["epochs"] = args.epochs
    if args.hidden_size:
        cfg["hidden_size"] = args.hidden_size
    device = "cuda" if torch.cuda.is_available() else "cpu"

    df = pd.read_csv(cfg["data_path"])
    train_df, val_df = train_test_split(df, test_size=cfg["val_fraction"], stratify=df["label"])
    train_ds = TweetDataset(train_df["text"], train_df["label"], cfg["tokenizer"], cfg["max_length"])
    val_ds = TweetDataset(val_df["text"], val_df["label"], cfg["tokenizer"], cfg["max_length"])
    train_loader = DataLoader(train_ds, batch_size=cfg["batch_size"], shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=cfg["batch_size"])

    model = LSTMClassifier(train_ds.vocab_size, cfg["embedding_dim"], cfg["hidden_size"], cfg["num_layers"]).to(device)
    print(f"{count_parameters(model):,} trainable parameters")
    optimizer = make_optimizer(args.optimizer, model.parameters(), cfg["lr"])
    criterion = nn.CrossEntropyLoss()
    os.makedirs(cfg["checkpoint_dir"], exist_ok=True)

    best_acc = 0.0
    for epoch in range(cfg["epochs"]):
        model.train()
        for batch in tqdm(train_loader, desc=f"epoch {epoch + 1}"):
            optimizer.zero_grad()
            logits = model(batch["input_ids"].to(device), batch["attention_mask"].to(device))
            loss = criterion(logits, batch["label"].to(device))
            loss.backward()
            optimizer.step()
        val_acc = evaluate(model, val_loader, device)
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, val acc {val_acc:.4f}")
        if val_acc > best_acc:
            best_acc = val_acc
            torch.save(model.state_dict(), os.path.join(cfg["checkpoint_dir"], "best.pt"))

    print(f"best val acc: {best_acc:.4f}")


if __name__ == "__main__":
    main()
