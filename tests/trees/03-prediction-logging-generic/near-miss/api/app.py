import os

import torch
from fastapi import FastAPI
from transformers import AutoModelForSequenceClassification, AutoTokenizer

MODEL_DIR = os.getenv("MODEL_DIR", "/models/ticket-router")
tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR).eval()
app = FastAPI()


@app.post("/route")
def route(ticket: dict) -> dict:
    inputs = tokenizer(ticket["subject"] + "\n" + ticket["body"], truncation=True, max_length=256,
                       return_tensors="pt")
    with torch.no_grad():
        label = int(model(**inputs).logits.argmax(-1))
    return {"queue": model.config.id2label[label]}
