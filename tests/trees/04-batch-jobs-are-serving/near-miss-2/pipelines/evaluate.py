import json
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import average_precision_score, roc_curve

with tarfile.open("/opt/ml/processing/model/model.tar.gz") as tar:
    tar.extractall("/opt/ml/processing/model")
booster = xgb.Booster()
booster.load_model("/opt/ml/processing/model/xgboost-model")

test = pd.read_csv("/opt/ml/processing/test/test.csv", header=None)
y, X = test.iloc[:, 0].to_numpy(), test.iloc[:, 1:]
scores = booster.predict(xgb.DMatrix(X.values))
fpr, tpr, _ = roc_curve(y, scores)
report = {
    "pr_auc": float(average_precision_score(y, scores)),
    "recall_at_1pct_fpr": float(np.interp(0.01, fpr, tpr)),
}
Path("/opt/ml/processing/evaluation").mkdir(parents=True, exist_ok=True)
Path("/opt/ml/processing/evaluation/evaluation.json").write_text(json.dumps(report))
