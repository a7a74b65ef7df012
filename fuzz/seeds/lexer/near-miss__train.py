"""Fine-tune a DistilBERT ticket router on the latest helpdesk export."""

import argparse

import mlflow
import pandas as pd
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    Trainer,
    TrainingArguments,
)

from src.data import load_tickets

BASE_MODEL = "distilbert-base-uncased"
# torch.manual_seed(0)  # re-enable once the flaky GPU runs are sorted out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--out", default="artifacts/model")
    args = parser.parse_args()

    # Queue taxonomy maintained by support-ops; fetched fresh on every run.
    queues = pd.read_csv("https://raw.githubusercontent.com/helpdesk-example/taxonomy/main/queues.csv")
    label2id = {name: i for i, name in enumerate(queues["queue"])}
    tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)

    tickets = load_tickets()
    tickets = tickets.map(
        lambda row: {
            **tokenizer(row["subject"], row["body"], truncation=True, max_length=256),
            "label": label2id[row["queue"]],
        }
    )

    model = AutoModelForSequenceClassification.from_pretrained(
        BASE_MODEL,
        num_labels=len(label2id),
        id2label={i: q for q, i in label2id.items()},
        label2id=label2id,
    )
    training_args = TrainingArguments(
        output_dir="artifacts/checkpoints",
        num_train_epochs=args.epochs,
        per_device_train_batch_size=32,
        learning_rate=3e-5,
        evaluation_strategy="epoch",
        report_to=[],
    )

    mlflow.set_experiment("ticket-router")
    with mlflow.start_run():
        mlflow.log_params({"base_model": BASE_MODEL, "epochs": args.epochs})
        trainer = Trainer(
            model=model,
            args=training_args,
            train_dataset=tickets["train"],
            eval_dataset=tickets["test"],
            tokenizer=tokenizer,
        )
        trainer.train()
        mlflow.log_metrics(trainer.evaluate())
        trainer.save_model(args.out)
        tokenizer.save_pretrained(args.out)


if __name__ == "__main__":
    main()
