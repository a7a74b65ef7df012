import json
import logging
import os

import joblib
import pandas as pd

FEATURES = ["distance", "dropoff_latitude", "dropoff_longitude", "passengers", "pickup_latitude",
            "pickup_longitude", "pickup_weekday", "pickup_hour", "store_forward", "vendor"]


def init():
    global model
    model_dir = os.getenv("AZUREML_MODEL_DIR")
    model = joblib.load(os.path.join(model_dir, "model", "model.pkl"))
    logging.info("taxi-fare model loaded")


def run(raw_data: str) -> str:
    rows = pd.DataFrame(json.loads(raw_data)["data"], columns=FEATURES)
    fares = model.predict(rows)
    return json.dumps({"fare": [round(float(f), 2) for f in fares]})
