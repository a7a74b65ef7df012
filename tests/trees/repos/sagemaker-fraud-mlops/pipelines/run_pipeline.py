"""A CLI to create or update and run pipelines."""
import argparse
import json
import sys

from pipelines.fraud.pipeline import get_pipeline


def main():
    parser = argparse.ArgumentParser("Creates or updates and runs the pipeline.")
    parser.add_argument("-role-arn", "--role-arn", dest="role_arn", type=str)
    parser.add_argument("-kwargs", "--kwargs", dest="kwargs", default=None)
    args = parser.parse_args()
    try:
        pipeline = get_pipeline(**json.loads(args.kwargs))
        pipeline.upsert(role_arn=args.role_arn)
        execution = pipeline.start()
        execution.wait()
    except Exception as e:  # noqa: BLE001
        print(f"Exception: {e}")
        sys.exit(1)


if __name__ == "__main__":
    main()
