import mlflow
import pandas as pd
from fastapi import FastAPI

from serve.audit import log_prediction

MODEL_URI = "models:/credit-limit/Production"
model = mlflow.pyfunc.load_model(MODEL_URI)
MODEL_VERSION = model.metadata.run_id
app = FastAPI(title="credit-limit-service")


@app.post("/limit")
def limit(features: dict) -> dict:
    value = float(model.predict(pd.DataFrame([features]))[0])
    log_prediction(features, value, MODEL_VERSION)
    return {"credit_limit": round(value, -2)}
