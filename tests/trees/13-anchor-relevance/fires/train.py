import argparse

import joblib
import lightgbm as lgb
import pandas as pd

FEATURES = ["amount", "customer_tenure_days", "prior_late_ratio", "terms_days", "industry", "dow_issued"]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--ledger", default="data/ledger_2024_05.parquet")
    args = p.parse_args()
    ledger = pd.read_parquet(args.ledger)
    y = (ledger["days_late"] > 30).astype(int)
    model = lgb.LGBMClassifier(n_estimators=900, learning_rate=0.03, num_leaves=48, random_state=8)
    model.fit(ledger[FEATURES], y, categorical_feature=["industry"])
    joblib.dump(model, "models/late_payment.joblib")


if __name__ == "__main__":
    main()
