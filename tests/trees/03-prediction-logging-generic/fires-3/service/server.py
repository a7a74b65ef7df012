import os

import structlog
import torch
from fastapi import FastAPI
from pydantic import BaseModel
from transformers import AutoModelForSequenceClassification, AutoTokenizer

structlog.configure(processors=[structlog.processors.TimeStamper(fmt="iso"),
                                structlog.processors.JSONRenderer()])
log = structlog.get_logger("ticket-router")

MODEL_DIR = os.getenv("MODEL_DIR", "/models/ticket-router")
tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR).eval()
app = FastAPI()


class Ticket(BaseModel):
    ticket_id: str
    subject: str
    body: str


@app.post("/route")
def route(ticket: Ticket) -> dict:
    inputs = tokenizer(ticket.subject + "\n" + ticket.body, truncation=True, max_length=256,
                       return_tensors="pt")
    with torch.no_grad():
        probs = model(**inputs).logits.softmax(-1)[0]
    queue = model.config.id2label[int(probs.argmax())]
    log.info("prediction", ticket_id=ticket.ticket_id, text_chars=len(ticket.body), queue=queue,
             confidence=round(float(probs.max()), 4))
    return {"ticket_id": ticket.ticket_id, "queue": queue}
