"""Fails the release when a holdout metric misses its threshold."""
import json
import sys

metrics = json.load(open("metrics.json"))
thresholds = {"min_auc": 0.80}

if not metrics:
    print("no metrics were written")
elif metrics["auc"] < thresholds["min_auc"]:
    print(f"AUC {metrics['auc']:.3f} is below {thresholds['min_auc']}")
    sys.exit(1)
print("release gate passed")
