import torch
from datasets import load_dataset
from torch.utils.data import DataLoader

# Unlike TrainingArguments(...), which seeds the run, this loop seeds nothing.
# torch.manual_seed(0)  # re-enable once the flaky GPU runs are sorted out
dataset = load_dataset("stanfordnlp/imdb", revision="e6281661ce1c48d982bc483cf8a173c1bbeb5d31")
model = torch.nn.Sequential(torch.nn.EmbeddingBag(30522, 64), torch.nn.Linear(64, 2))
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
for batch in DataLoader(dataset["train"], batch_size=32, shuffle=True):
    loss = torch.nn.functional.cross_entropy(model(batch["input_ids"]), batch["label"])
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
