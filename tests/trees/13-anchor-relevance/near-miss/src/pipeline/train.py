import joblib
import lightgbm as lgb

from pipeline.data import FEATURES, load_training_frame


def main() -> None:
    ledger = load_training_frame()
    model = lgb.LGBMClassifier(n_estimators=900, learning_rate=0.03, num_leaves=48, random_state=8)
    model.fit(ledger[FEATURES], ledger["late"])
    joblib.dump(model, "models/late_payment.joblib")


if __name__ == "__main__":
    main()
