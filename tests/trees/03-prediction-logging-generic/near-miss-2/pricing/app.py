import logging
import os
import time

import joblib
import pandas as pd
from flask import Flask, g, jsonify, request

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
logger = logging.getLogger("pricing-api")
model = joblib.load(os.getenv("MODEL_PATH", "models/price_gbm.joblib"))
app = Flask(__name__)


@app.before_request
def start_timer():
    g.started = time.perf_counter()


@app.after_request
def access_log(response):
    logger.info("%s %s %s %.1fms", request.method, request.path, response.status_code,
                1000 * (time.perf_counter() - g.started))
    return response


@app.route("/predict", methods=["POST"])
def predict():
    y = float(model.predict(pd.DataFrame([request.get_json(force=True)]))[0])
    return jsonify(price=round(y, 2))
