"""Evaluation script for the fraud model (runs in a SageMaker Processing job)."""
import json
import pathlib
import tarfile

import numpy as np
import pandas as pd
import xgboost
from sklearn.metrics import precision_score, roc_auc_score

if __name__ == "__main__":
    with tarfile.open("/opt/ml/processing/model/model.tar.gz") as tar:
        tar.extractall(path=".")
    model = xgboost.Booster()
    model.load_model("xgboost-model")

    df = pd.read_csv("/opt/ml/processing/test/test.csv", header=None)
    y_test = df.iloc[:, 0].to_numpy()
    predictions = model.predict(xgboost.DMatrix(df.iloc[:, 1:].values))
    cutoff = np.quantile(predictions, 0.995)
    report_dict = {
        "binary_classification_metrics": {
            "auc": {"value": float(roc_auc_score(y_test, predictions)), "standard_deviation": "NaN"},
            "precision_at_budget": {"value": float(precision_score(y_test, predictions >= cutoff)),
                                    "standard_deviation": "NaN"},
        },
    }
    output_dir = "/opt/ml/processing/evaluation"
    pathlib.Path(output_dir).mkdir(parents=True, exist_ok=True)
    with open(f"{output_dir}/evaluation.json", "w") as f:
        f.write(json.dumps(report_dict))
