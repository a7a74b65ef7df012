import json
import os

import joblib
import numpy as np

model = None


def init():
    global model
    model = joblib.load(os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.joblib"))


def run(raw_data):
    rows = np.array(json.loads(raw_data)["data"])
    return model.predict_proba(rows)[:, 1].tolist()
