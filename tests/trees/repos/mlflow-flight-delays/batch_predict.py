"""Score tomorrow's schedule with the Production model and write one row per flight."""
import argparse

import mlflow
import pandas as pd

from src.flights.data import CATEGORICAL, NUMERIC


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--schedule", required=True)
    p.add_argument("--output", required=True)
    args = p.parse_args()
    schedule = pd.read_parquet(args.schedule)
    schedule[CATEGORICAL] = schedule[CATEGORICAL].astype("category")
    model = mlflow.pyfunc.load_model("models:/flight-delays/Production")
    schedule["delay_probability"] = model.predict(schedule[CATEGORICAL + NUMERIC])
    schedule[["flight_id", "fl_date", "delay_probability"]].to_parquet(args.output, index=False)


if __name__ == "__main__":
    main()
