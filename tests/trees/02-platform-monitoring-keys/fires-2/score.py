import json

import joblib
import numpy as np
from azureml.core.model import Model
from azureml.monitoring import ModelDataCollector

FEATURES = ["income", "loan_amount", "term_months", "dti", "fico", "employment_years", "open_accounts"]


def init():
    global model, inputs_dc, prediction_dc
    model = joblib.load(Model.get_model_path("credit-default"))
    inputs_dc = ModelDataCollector("credit-default", designation="inputs", feature_names=FEATURES)
    prediction_dc = ModelDataCollector("credit-default", designation="predictions",
                                       feature_names=["default_probability"])


def run(raw_data):
    data = np.array(json.loads(raw_data)["data"])
    proba = model.predict_proba(data)[:, 1]
    inputs_dc.collect(data)
    prediction_dc.collect(proba)
    return {"default_probability": proba.tolist()}
