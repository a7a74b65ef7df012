import json
import os
from datetime import datetime, timezone

from google.cloud import pubsub_v1

_publisher = pubsub_v1.PublisherClient()
_topic = _publisher.topic_path(os.environ.get("GCP_PROJECT", "acme-risk"), "credit-limit-predictions")


def log_prediction(features: dict, limit: float, model_version: str) -> None:
    record = {"features": features, "limit": limit, "model_version": model_version,
              "ts": datetime.now(timezone.utc).isoformat()}
    _publisher.publish(_topic, json.dumps(record).encode("utf-8"))
