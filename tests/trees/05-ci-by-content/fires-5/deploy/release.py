import argparse

from azure.ai.ml import MLClient
from azure.ai.ml.entities import ManagedOnlineDeployment
from azure.identity import DefaultAzureCredential


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model-version", required=True)
    args = p.parse_args()
    ml = MLClient.from_config(DefaultAzureCredential())
    deployment = ml.online_deployments.get(name="blue", endpoint_name="store-forecast")
    deployment.model = f"azureml:store-forecast:{args.model_version}"
    ml.online_deployments.begin_create_or_update(deployment).result()


if __name__ == "__main__":
    main()
