import mlflow
import pandas as pd


def log_predictions(frame: pd.DataFrame, scores, name: str = "holdout_predictions.json", sample: int = 5000) -> None:
    """Log a sample of holdout rows with their scores as an MLflow table, for error analysis in the UI."""
    table = frame.assign(score=scores).sample(n=min(sample, len(frame)), random_state=0)
    mlflow.log_table(data=table, artifact_file=name)
