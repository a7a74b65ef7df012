"""Feature engineering for the fraud model (runs in a SageMaker Processing job)."""
import argparse
import os

import numpy as np
import pandas as pd

BASE_DIR = "/opt/ml/processing"
FEATURES = ["amount", "amount_vs_card_median", "merchant_category", "card_age_days", "txn_count_1h",
            "txn_count_24h", "distinct_merchants_24h", "is_foreign", "hour_of_day"]

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--validation-month", type=str, required=True)
    args = parser.parse_args()

    df = pd.read_csv(os.path.join(BASE_DIR, "input", "transactions.csv"), parse_dates=["ts"])
    df["amount_vs_card_median"] = df["amount"] / df.groupby("card_id")["amount"].transform("median").clip(lower=1)
    df["hour_of_day"] = df["ts"].dt.hour
    df["is_foreign"] = (df["merchant_country"] != df["card_country"]).astype(int)
    month = df["ts"].dt.strftime("%Y-%m")
    train = df[month < args.validation_month]
    validation = df[month == args.validation_month]
    rng = np.random.default_rng(7)
    test_mask = rng.random(len(validation)) < 0.5
    for name, frame in (("train", train), ("validation", validation[~test_mask]), ("test", validation[test_mask])):
        out = os.path.join(BASE_DIR, name)
        os.makedirs(out, exist_ok=True)
        frame[["is_fraud"] + FEATURES].to_csv(os.path.join(out, f"{name}.csv"), header=False, index=False)
