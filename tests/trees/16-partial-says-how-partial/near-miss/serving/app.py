from fastapi import FastAPI
from prometheus_client import Counter, make_asgi_app
from transformers import pipeline

SUMMARIES = Counter("summaries_total", "Summaries served")
app = FastAPI(title="support-summarizer")
app.mount("/metrics", make_asgi_app())
summarize = pipeline("summarization", model="/models/summarizer")


@app.post("/summarize")
def post_summary(conversation: dict) -> dict:
    SUMMARIES.inc()
    return {"summary": summarize(conversation["transcript"], max_length=128, truncation=True)[0]["summary_text"]}
