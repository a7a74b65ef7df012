from datasets import load_dataset
from setfit import SetFitModel, Trainer, TrainingArguments, sample_dataset

pool = load_dataset("csv", data_files="data/labelled_tweets.csv", split="train")
splits = pool.train_test_split(test_size=0.1, seed=42, stratify_by_column="label")
train = sample_dataset(splits["train"], label_column="label", num_samples=8, seed=42)

model = SetFitModel.from_pretrained("sentence-transformers/paraphrase-mpnet-base-v2")
trainer = Trainer(model=model, args=TrainingArguments(batch_size=16, num_epochs=1, seed=42),
                  train_dataset=train, eval_dataset=splits["test"], metric="accuracy")
trainer.train()
print(trainer.evaluate())
model.save_pretrained("models/tweet-topic-setfit")
