import json
import os
from datetime import datetime, timezone

import joblib
import numpy as np
from fastapi import FastAPI
from kafka import KafkaProducer
from pydantic import BaseModel

THRESHOLD = float(os.getenv("FRAUD_THRESHOLD", "0.82"))

app = FastAPI(title="fraud-api")
model = joblib.load(os.getenv("MODEL_PATH", "/models/fraud_lgbm.joblib"))
producer = KafkaProducer(
    bootstrap_servers=os.getenv("KAFKA_BOOTSTRAP", "kafka:9092"),
    value_serializer=lambda v: json.dumps(v).encode("utf-8"),
    linger_ms=20,
)


class Transaction(BaseModel):
    transaction_id: str
    amount: float
    merchant_category: int
    card_age_days: int
    txn_count_24h: int
    distance_from_home_km: float


@app.post("/score")
def score(txn: Transaction) -> dict:
    features = np.array([[txn.amount, txn.merchant_category, txn.card_age_days, txn.txn_count_24h,
                          txn.distance_from_home_km]])
    p = float(model.predict_proba(features)[0, 1])
    decision = "decline" if p >= THRESHOLD else "approve"
    producer.send("fraud.scored", value={
        "transaction": txn.model_dump(),
        "score": p,
        "decision": decision,
        "scored_at": datetime.now(timezone.utc).isoformat(),
    })
    return {"transaction_id": txn.transaction_id, "score": p, "decision": decision}
