from fastapi import FastAPI
from pydantic import BaseModel
from sentence_transformers import SentenceTransformer

app = FastAPI(title="support-assistant")
encoder = SentenceTransformer("BAAI/bge-small-en-v1.5")


class Question(BaseModel):
    text: str


@app.post("/ask")
def ask(question: Question) -> dict:
    vector = encoder.encode(question.text).tolist()
    return {"embedding_size": len(vector)}
