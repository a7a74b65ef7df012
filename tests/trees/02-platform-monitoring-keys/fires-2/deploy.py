"""Deploy the registered credit-default model to AKS (Azure ML SDK v1)."""
from azureml.core import Environment, Model, Workspace
from azureml.core.compute import AksCompute
from azureml.core.model import InferenceConfig
from azureml.core.webservice import AksWebservice

ws = Workspace.from_config()
model = Model(ws, name="credit-default", version=7)
env = Environment.from_conda_specification("credit-default-scoring", "environment.yml")
inference_config = InferenceConfig(entry_script="score.py", environment=env)

deployment_config = AksWebservice.deploy_configuration(
    cpu_cores=1,
    memory_gb=2,
    autoscale_enabled=True,
    autoscale_min_replicas=2,
    autoscale_max_replicas=6,
    enable_app_insights=True,
    collect_model_data=True,
)
service = Model.deploy(
    workspace=ws,
    name="credit-default-v7",
    models=[model],
    inference_config=inference_config,
    deployment_config=deployment_config,
    deployment_target=AksCompute(ws, "aks-risk-prod"),
    overwrite=True,
)
service.wait_for_deployment(show_output=True)
print(service.scoring_uri)
