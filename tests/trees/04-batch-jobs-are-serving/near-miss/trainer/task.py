import argparse
import os

import joblib
from google.cloud import bigquery
from sklearn.ensemble import HistGradientBoostingClassifier

FEATURES = ["tenure_months", "monthly_charges", "support_tickets_90d", "logins_30d", "plan_tier"]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--train-table", required=True)
    args = p.parse_args()
    frame = bigquery.Client().query(f"SELECT * FROM `{args.train_table}`").to_dataframe()
    model = HistGradientBoostingClassifier(max_iter=400, learning_rate=0.05, random_state=11)
    model.fit(frame[FEATURES], frame["churned"])
    out = os.environ.get("AIP_MODEL_DIR", "model")
    joblib.dump(model, os.path.join(out, "model.joblib"))


if __name__ == "__main__":
    main()
