from pathlib import Path

import joblib
from sklearn.datasets import fetch_california_housing
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import train_test_split

ARTIFACTS = Path("artifacts")


def main() -> None:
    frame = fetch_california_housing(as_frame=True).frame
    train, holdout = train_test_split(frame, test_size=0.2, random_state=7)
    model = HistGradientBoostingRegressor(max_iter=300, learning_rate=0.05, random_state=7)
    model.fit(train.drop(columns="MedHouseVal"), train["MedHouseVal"])
    ARTIFACTS.mkdir(exist_ok=True)
    joblib.dump(model, ARTIFACTS / "model.joblib")
    holdout.to_parquet(ARTIFACTS / "holdout.parquet")


if __name__ == "__main__":
    main()
