import os
import time
import uuid

import joblib
import pandas as pd
from flask import Flask, jsonify, request
from fluent import sender

MODEL_VERSION = os.getenv("MODEL_VERSION", "2024-06-03")
model = joblib.load(os.getenv("MODEL_PATH", "models/price_gbm.joblib"))
events = sender.FluentSender("pricing-api", host=os.getenv("FLUENTD_HOST", "localhost"), port=24224)

app = Flask(__name__)


@app.route("/healthz")
def healthz():
    return "ok"


@app.route("/predict", methods=["POST"])
def predict():
    payload = request.get_json(force=True)
    started = time.perf_counter()
    y = float(model.predict(pd.DataFrame([payload]))[0])
    events.emit("prediction", {
        **payload,
        "prediction": y,
        "request_id": request.headers.get("X-Request-ID", str(uuid.uuid4())),
        "model_version": MODEL_VERSION,
        "latency_ms": round(1000 * (time.perf_counter() - started), 2),
    })
    return jsonify(price=round(y, 2), model_version=MODEL_VERSION)
