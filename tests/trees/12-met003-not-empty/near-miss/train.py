from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

tok = AutoTokenizer.from_pretrained("distilbert-base-uncased")
data = load_dataset("csv", data_files={"train": "data/train.csv", "validation": "data/val.csv"})
data = data.map(lambda b: tok(b["text"], truncation=True, padding="max_length", max_length=128), batched=True)
model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=14)
trainer = Trainer(model=model, args=TrainingArguments("out", learning_rate=5e-5, per_device_train_batch_size=32,
                                                      num_train_epochs=3, seed=42),
                  train_dataset=data["train"], eval_dataset=data["validation"])
trainer.train()
trainer.save_model("out")
