import evaluate
from datasets import load_dataset
from transformers import pipeline

summarize = pipeline("summarization", model="out/summarizer")
held_out = load_dataset("acme/support-conversations-2024", split="test")
preds = [o["summary_text"] for o in summarize(held_out["transcript"], max_length=128, truncation=True)]
print(evaluate.load("rouge").compute(predictions=preds, references=held_out["agent_summary"]))
