import json
import sys
from pathlib import Path

import joblib
import pandas as pd
from sklearn.metrics import mean_absolute_error, r2_score

ARTIFACTS = Path("artifacts")
MIN_R2 = 0.42
MAX_MAE = 0.55


def main() -> int:
    model = joblib.load(ARTIFACTS / "model.joblib")
    holdout = pd.read_parquet(ARTIFACTS / "holdout.parquet")
    preds = model.predict(holdout.drop(columns="MedHouseVal"))
    metrics = {
        "r2_score": r2_score(holdout["MedHouseVal"], preds),
        "mae": mean_absolute_error(holdout["MedHouseVal"], preds),
    }
    (ARTIFACTS / "evaluation.json").write_text(json.dumps(metrics, indent=2))
    if metrics["r2_score"] < MIN_R2 or metrics["mae"] > MAX_MAE:
        print(f"rejected: {metrics}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
