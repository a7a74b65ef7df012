import yaml
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

cfg = yaml.safe_load(open("configs/train.yaml"))
dataset = load_dataset("stanfordnlp/imdb", revision="e6281661ce1c48d982bc483cf8a173c1bbeb5d31")
tokenizer = AutoTokenizer.from_pretrained(cfg["model"])
model = AutoModelForSequenceClassification.from_pretrained(cfg["model"], num_labels=2)
encoded = dataset.map(lambda batch: tokenizer(batch["text"], truncation=True), batched=True)
args = TrainingArguments(**cfg["training"])
trainer = Trainer(model=model, args=args, train_dataset=encoded["train"], eval_dataset=encoded["test"])
trainer.train()
