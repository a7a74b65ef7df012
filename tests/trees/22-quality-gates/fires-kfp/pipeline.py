"""The Vertex AI training pipeline: train, evaluate, deploy when the evaluation passes."""
from kfp import dsl


@dsl.component(base_image="python:3.11")
def evaluate(model: dsl.Input[dsl.Model], min_auc: float) -> str:
    import json

    auc = json.load(open(model.path + "/metrics.json"))["auc"]
    return "true" if auc >= min_auc else "false"


@dsl.component(base_image="python:3.11")
def deploy(model: dsl.Input[dsl.Model]):
    print("deploying", model.uri)


@dsl.pipeline(name="churn-training")
def churn_pipeline(model_uri: str, min_auc: float = 0.80):
    model = dsl.importer(artifact_uri=model_uri, artifact_class=dsl.Model)
    evaluation = evaluate(model=model.output, min_auc=min_auc)
    with dsl.If(evaluation.output == "true"):
        deploy(model=model.output)
