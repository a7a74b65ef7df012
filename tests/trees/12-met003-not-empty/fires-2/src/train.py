import argparse

from datasets import load_dataset
from transformers import (AutoModelForTokenClassification, AutoTokenizer, DataCollatorForTokenClassification,
                          Trainer, TrainingArguments, set_seed)

LABELS = ["O", "B-PARTY", "I-PARTY", "B-JUDGE", "I-JUDGE", "B-COURT", "I-COURT", "B-STATUTE", "I-STATUTE",
          "B-CASE_CITATION", "I-CASE_CITATION", "B-DATE", "I-DATE"]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--train", required=True)
    p.add_argument("--dev", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    set_seed(42)
    tok = AutoTokenizer.from_pretrained("xlm-roberta-base")
    data = load_dataset("json", data_files={"train": args.train, "dev": args.dev})

    def encode(row):
        enc = tok(row["tokens"], is_split_into_words=True, truncation=True, max_length=512)
        word_ids = enc.word_ids()
        enc["labels"] = [-100 if w is None else LABELS.index(row["tags"][w]) for w in word_ids]
        return enc

    data = data.map(encode, remove_columns=["tokens", "tags"])
    model = AutoModelForTokenClassification.from_pretrained("xlm-roberta-base", num_labels=len(LABELS))
    trainer = Trainer(model=model, args=TrainingArguments(args.out, num_train_epochs=5, learning_rate=3e-5,
                                                          per_device_train_batch_size=8, seed=42),
                      train_dataset=data["train"], eval_dataset=data["dev"],
                      data_collator=DataCollatorForTokenClassification(tok))
    trainer.train()
    trainer.save_model(args.out)


if __name__ == "__main__":
    main()
