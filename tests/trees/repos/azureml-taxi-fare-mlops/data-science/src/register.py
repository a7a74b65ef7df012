"""Register the model in the workspace registry when the evaluation step allows it."""
import argparse
from pathlib import Path

import mlflow


def main() -> None:
    parser = argparse.ArgumentParser("register")
    parser.add_argument("--model_name", type=str, default="taxi-fare-model")
    parser.add_argument("--model_path", type=str)
    parser.add_argument("--evaluation_output", type=str)
    args = parser.parse_args()
    deploy_flag = int((Path(args.evaluation_output) / "deploy_flag").read_text())
    mlflow.log_metric("deploy flag", deploy_flag)
    if deploy_flag == 1:
        model = mlflow.sklearn.load_model(args.model_path)
        mlflow.sklearn.log_model(model, artifact_path="model", registered_model_name=args.model_name)
    else:
        print("Model will not be registered!")


if __name__ == "__main__":
    main()
