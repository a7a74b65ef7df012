"""Nightly batch scoring of open applications."""
import argparse
import datetime as dt
import logging

import mlflow.pyfunc
import pandas as pd
import sqlalchemy

log = logging.getLogger("creditrisk.score")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run-date", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()
    engine = sqlalchemy.create_engine("postgresql://warehouse/risk")
    apps = pd.read_sql("select * from open_applications", engine)
    log.info("loaded %d open applications for %s", len(apps), args.run_date)

    model = mlflow.pyfunc.load_model("models:/credit-risk/Production")
    scores = pd.DataFrame({"application_id": apps["application_id"], "pd_12m": model.predict(apps)})
    written = scores.to_sql("pd_scores", engine, if_exists="append", index=False)
    for row in scores.itertuples():
        log.info("scored application %s: pd_12m=%.4f", row.application_id, row.pd_12m)
    log.info("scored %d applications, wrote %s rows to %s", len(scores), written, "pd_scores")


if __name__ == "__main__":
    main()
