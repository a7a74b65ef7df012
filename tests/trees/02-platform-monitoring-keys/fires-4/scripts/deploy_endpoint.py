import time

import boto3

REGION = "eu-west-1"
BUCKET = "acme-forecast-ml"
ROLE_ARN = "arn:aws:iam::123456789012:role/forecast-sagemaker-execution"
IMAGE = "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1"

sm = boto3.client("sagemaker", region_name=REGION)
stamp = time.strftime("%Y%m%d-%H%M%S")
model_name = f"demand-forecast-{stamp}"
endpoint_name = "demand-forecast"

sm.create_model(
    ModelName=model_name,
    ExecutionRoleArn=ROLE_ARN,
    PrimaryContainer={
        "Image": IMAGE,
        "ModelDataUrl": f"s3://{BUCKET}/models/latest/model.tar.gz",
        "Environment": {"SAGEMAKER_PROGRAM": "inference.py",
                        "SAGEMAKER_SUBMIT_DIRECTORY": f"s3://{BUCKET}/code/sourcedir.tar.gz"},
    },
)
sm.create_endpoint_config(
    EndpointConfigName=model_name,
    ProductionVariants=[{
        "VariantName": "AllTraffic",
        "ModelName": model_name,
        "InstanceType": "ml.m5.large",
        "InitialInstanceCount": 2,
    }],
    DataCaptureConfig={
        "EnableCapture": True,
        "InitialSamplingPercentage": 25,
        "DestinationS3Uri": f"s3://{BUCKET}/datacapture/{endpoint_name}",
        "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
        "CaptureContentTypeHeader": {"CsvContentTypes": ["text/csv"]},
    },
)
sm.update_endpoint(EndpointName=endpoint_name, EndpointConfigName=model_name)
sm.get_waiter("endpoint_in_service").wait(EndpointName=endpoint_name)
