import pandas as pd

FEATURES = ["amount", "customer_tenure_days", "prior_late_ratio", "terms_days", "industry", "dow_issued"]


def load_training_frame(path: str = "data/ledger_2024_05.parquet") -> pd.DataFrame:
    ledger = pd.read_parquet(path)
    ledger = ledger[ledger["status"] == "closed"]
    ledger["industry"] = ledger["industry"].astype("category")
    ledger["late"] = (ledger["days_late"] > 30).astype(int)
    return ledger
