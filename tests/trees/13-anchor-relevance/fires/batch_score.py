import argparse

import joblib
import pandas as pd

from train import FEATURES


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    args = p.parse_args()
    invoices = pd.read_parquet(args.input)
    model = joblib.load("models/late_payment.joblib")
    invoices["late_risk"] = model.predict_proba(invoices[FEATURES])[:, 1]
    invoices[["invoice_id", "late_risk"]].to_parquet(args.output)


if __name__ == "__main__":
    main()
