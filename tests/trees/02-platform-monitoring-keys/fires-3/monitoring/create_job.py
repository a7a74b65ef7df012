"""Create the skew/drift monitoring job for the churn endpoint through the Vertex AI REST API."""
import argparse
import json
from pathlib import Path

import google.auth
from google.auth.transport.requests import AuthorizedSession

PROJECT = "acme-ml-prod"
REGION = "europe-west4"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--deployed-model", required=True)
    args = p.parse_args()

    body = json.loads((Path(__file__).parent / "monitoring_job.json").read_text())
    body["endpoint"] = f"projects/{PROJECT}/locations/{REGION}/endpoints/{args.endpoint}"
    body["modelDeploymentMonitoringObjectiveConfigs"][0]["deployedModelId"] = args.deployed_model

    credentials, _ = google.auth.default(scopes=["https://www.googleapis.com/auth/cloud-platform"])
    session = AuthorizedSession(credentials)
    url = (f"https://{REGION}-aiplatform.googleapis.com/v1/projects/{PROJECT}/locations/{REGION}"
           "/modelDeploymentMonitoringJobs")
    response = session.post(url, json=body, timeout=60)
    response.raise_for_status()
    print(response.json()["name"])


if __name__ == "__main__":
    main()
