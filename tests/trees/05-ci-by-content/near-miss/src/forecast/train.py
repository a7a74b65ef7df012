import argparse

import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor

FEATURES = ["store_id", "dept_id", "week_of_year", "is_holiday", "lag_1", "lag_52", "rolling_4"]


def build_features(sales: pd.DataFrame) -> pd.DataFrame:
    sales = sales.sort_values(["store_id", "dept_id", "week"])
    grouped = sales.groupby(["store_id", "dept_id"])["units"]
    sales["lag_1"] = grouped.shift(1)
    sales["lag_52"] = grouped.shift(52)
    sales["rolling_4"] = grouped.transform(lambda s: s.shift(1).rolling(4).mean())
    sales["week_of_year"] = pd.to_datetime(sales["week"]).dt.isocalendar().week.astype(int)
    return sales.dropna(subset=["lag_1", "lag_52", "rolling_4"])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="data/sales.parquet")
    args = p.parse_args()
    frame = build_features(pd.read_parquet(args.data))
    model = GradientBoostingRegressor(n_estimators=500, max_depth=4, learning_rate=0.05, random_state=0)
    model.fit(frame[FEATURES], frame["units"])
    joblib.dump(model, "model.joblib")


if __name__ == "__main__":
    main()
