import joblib
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

FEATURES = ["tenure_months", "monthly_charges", "support_tickets_90d", "logins_30d"]


def main() -> None:
    frame = pd.read_parquet("data/accounts.parquet")
    model = HistGradientBoostingClassifier(max_iter=300, random_state=5)
    model.fit(frame[FEATURES], frame["churned"])
    joblib.dump(model, "models/churn.joblib")


if __name__ == "__main__":
    main()
