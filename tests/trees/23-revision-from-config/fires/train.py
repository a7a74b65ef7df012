import yaml
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

cfg = yaml.safe_load(open("configs/train.yaml"))
data_cfg = cfg["data"]

dataset = load_dataset(data_cfg["name"], revision=data_cfg["revision"])
tokenizer = AutoTokenizer.from_pretrained(cfg["model"])
model = AutoModelForSequenceClassification.from_pretrained(cfg["model"], num_labels=2)
encoded = dataset.map(lambda batch: tokenizer(batch["text"], truncation=True), batched=True)
args = TrainingArguments(output_dir="out", num_train_epochs=2, seed=42)
trainer = Trainer(model=model, args=args, train_dataset=encoded["train"], eval_dataset=encoded["test"])
trainer.train()
