"""Compares this run with the best run so far (a report, not a gate)."""
import json

from kfp import dsl

metrics = json.load(open("metrics.json"))
best_auc = json.load(open("best.json"))["auc"]
if metrics["auc"] < best_auc:
    print("this run is worse than the best so far")
elif metrics["f1"] < 0.5:
    print("low F1")


@dsl.pipeline(name="report")
def report_pipeline(use_gpu: str = "false"):
    with dsl.If(use_gpu == "true"):
        print("gpu")
