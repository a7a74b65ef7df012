import joblib
import lightgbm as lgb
import pandas as pd


def train(path: str = "data/accounts.parquet") -> None:
    accounts = pd.read_parquet(path)
    y = accounts.pop("churned")
    model = lgb.LGBMClassifier(n_estimators=500, learning_rate=0.05, random_state=31)
    model.fit(accounts, y)
    joblib.dump(model, "models/churn.joblib")
