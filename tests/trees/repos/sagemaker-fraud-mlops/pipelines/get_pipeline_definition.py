"""A CLI to get pipeline definitions from pipeline modules."""
import argparse
import json

from pipelines.fraud.pipeline import get_pipeline


def main():
    parser = argparse.ArgumentParser("Gets the pipeline definition for the pipeline script.")
    parser.add_argument("-kwargs", "--kwargs", dest="kwargs", default=None)
    args = parser.parse_args()
    print(get_pipeline(**json.loads(args.kwargs)).definition())


if __name__ == "__main__":
    main()
