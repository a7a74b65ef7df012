"""Scoring script of the taxi-fare online deployment (Azure ML inference server)."""
import json
import logging
import os

import mlflow.sklearn
import pandas as pd

from prep import CATEGORICAL, NUMERIC


def init():
    global model
    model_path = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model")
    model = mlflow.sklearn.load_model(model_path)
    logging.info("Init complete")


def run(raw_data):
    trips = pd.DataFrame(json.loads(raw_data)["data"])
    trips[CATEGORICAL] = trips[CATEGORICAL].astype("category")
    fares = model.predict(trips[NUMERIC + CATEGORICAL])
    logging.info("Scored %d trips", len(fares))
    return {"fares": [round(float(f), 2) for f in fares]}
