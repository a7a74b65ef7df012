import os

import joblib
import pandas as pd
from fastapi import FastAPI, Request

app = FastAPI()
model = joblib.load(os.path.join(os.environ.get("AIP_STORAGE_URI", "/models"), "model.joblib"))


@app.get(os.environ.get("AIP_HEALTH_ROUTE", "/health"))
def health() -> dict:
    return {"status": "ok"}


@app.post(os.environ.get("AIP_PREDICT_ROUTE", "/predict"))
async def predict(request: Request) -> dict:
    body = await request.json()
    frame = pd.DataFrame(body["instances"])
    return {"predictions": model.predict_proba(frame)[:, 1].tolist()}
