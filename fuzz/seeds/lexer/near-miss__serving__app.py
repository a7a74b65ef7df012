"""Ticket-routing API.

Runs behind the support gateway. Input drift is monitored with Evidently by the
analytics team, from the request logs they export nightly, e.g.::

    from evidently.report import Report
    from evidently.metric_preset import DataDriftPreset

    Report(metrics=[DataDriftPreset()]).run(reference_data=ref, current_data=cur)

Nothing in this service talks to Evidently itself.
"""

import os

import torch
from fastapi import FastAPI
from pydantic import BaseModel
from transformers import AutoModelForSequenceClassification, AutoTokenizer

# TODO: add prometheus metrics (request count per queue, latency histogram)
# from prometheus_client import Counter, Histogram

MODEL_DIR = os.environ.get("MODEL_DIR", "artifacts/model")

tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR).eval()
app = FastAPI(title="ticket-router")


class Ticket(BaseModel):
    subject: str
    body: str


@app.post("/route")
def route(ticket: Ticket) -> dict:
    inputs = tokenizer(ticket.subject, ticket.body, truncation=True, max_length=256, return_tensors="pt")
    with torch.no_grad():
        probs = model(**inputs).logits.softmax(dim=-1)[0]
    best = int(probs.argmax())
    return {"queue": model.config.id2label[best], "confidence": float(probs[best])}
