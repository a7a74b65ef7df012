"""Deploys the model artifact to a SageMaker real-time endpoint."""
import sagemaker
from sagemaker.sklearn import SKLearnModel

session = sagemaker.Session()
model = SKLearnModel(
    model_data="s3://acme-ml/churn/model.tar.gz",
    role="arn:aws:iam::123456789012:role/ml-deploy",
    entry_point="inference.py",
    framework_version="1.2-1",
)
predictor = model.deploy(initial_instance_count=2, instance_type="ml.m5.large", endpoint_name="churn")
