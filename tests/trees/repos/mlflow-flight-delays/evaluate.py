import argparse

import mlflow
from mlflow.models import MetricThreshold

from src.flights.data import CATEGORICAL, NUMERIC, TARGET, load_flights
from utils.mlflow_utils import log_predictions

THRESHOLDS = {
    "roc_auc": MetricThreshold(threshold=0.76, greater_is_better=True),
    "precision_score": MetricThreshold(threshold=0.40, greater_is_better=True),
}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--run-id", required=True)
    p.add_argument("--holdout-path", required=True)
    args = p.parse_args()

    holdout = load_flights(args.holdout_path)
    model_uri = f"runs:/{args.run_id}/model"
    with mlflow.start_run(run_id=args.run_id):
        result = mlflow.evaluate(model_uri, data=holdout[CATEGORICAL + NUMERIC + [TARGET]], targets=TARGET,
                                 model_type="classifier", validation_thresholds=THRESHOLDS)
        model = mlflow.pyfunc.load_model(model_uri)
        log_predictions(holdout, model.predict(holdout[CATEGORICAL + NUMERIC]))
    print(result.metrics)
    mlflow.register_model(model_uri, "flight-delays")


if __name__ == "__main__":
    main()
