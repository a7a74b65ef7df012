"""Sentiment API: one POST endpoint in front of the fine-tuned DistilBERT."""
import logging
import os

import torch
from fastapi import FastAPI
from pydantic import BaseModel
from transformers import AutoModelForSequenceClassification, AutoTokenizer

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("sentiment-api")

MODEL_DIR = os.getenv("MODEL_DIR", "models/distilbert-sentiment")
log.info("Loading model for inference from %s", MODEL_DIR)
tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR).eval()
log.info("Prediction service ready")

app = FastAPI(title="sentiment")


class Review(BaseModel):
    text: str


@app.post("/predict")
def predict(review: Review) -> dict:
    with torch.no_grad():
        logits = model(**tokenizer(review.text, truncation=True, return_tensors="pt")).logits
    label = ["negative", "positive"][int(logits.argmax(-1))]
    return {"label": label}
