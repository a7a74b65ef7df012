import json

import joblib
import pandas as pd
from sklearn.metrics import f1_score, roc_auc_score

model = joblib.load("model.joblib")
holdout = pd.read_parquet("data/holdout.parquet")
scores = model.predict_proba(holdout.drop(columns=["churned"]))[:, 1]
metrics = {
    "auc": roc_auc_score(holdout["churned"], scores),
    "f1": f1_score(holdout["churned"], scores > 0.5),
}
with open("metrics.json", "w") as out:
    json.dump(metrics, out)
