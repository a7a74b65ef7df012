import pandas as pd
import structlog
import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, AutoTokenizer

log = structlog.get_logger("finetune")
LABELS = ["billing", "shipping", "returns", "technical"]


def main() -> None:
    torch.manual_seed(13)
    tickets = pd.read_csv("data/tickets_labelled.csv")
    train, val = tickets[tickets.split == "train"], tickets[tickets.split == "val"]
    tok = AutoTokenizer.from_pretrained("distilbert-base-uncased")
    model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased",
                                                               num_labels=len(LABELS))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-5)
    for epoch in range(3):
        model.train()
        for batch in DataLoader(list(zip(train.text, train.label)), batch_size=32, shuffle=True):
            enc = tok(list(batch[0]), truncation=True, padding=True, return_tensors="pt")
            loss = model(**enc, labels=torch.tensor([LABELS.index(l) for l in batch[1]])).loss
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        for text, label in zip(val.text, val.label):
            with torch.no_grad():
                pred = LABELS[int(model(**tok(text, truncation=True, return_tensors="pt")).logits.argmax(-1))]
            log.info("prediction", epoch=epoch, label=label, prediction=pred, text=text[:200])
    model.save_pretrained("models/ticket-router")


if __name__ == "__main__":
    main()
