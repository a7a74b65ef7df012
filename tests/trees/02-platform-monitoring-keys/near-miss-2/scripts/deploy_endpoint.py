import boto3

REGION = "eu-west-1"
BUCKET = "acme-forecast-ml-staging"
sm = boto3.client("sagemaker", region_name=REGION)

sm.create_endpoint_config(
    EndpointConfigName="demand-forecast-staging-v12",
    ProductionVariants=[{
        "VariantName": "AllTraffic",
        "ModelName": "demand-forecast-staging-v12",
        "InstanceType": "ml.t2.medium",
        "InitialInstanceCount": 1,
    }],
    DataCaptureConfig={
        "EnableCapture": False,  # off until the PII review (FC-212) is done
        "InitialSamplingPercentage": 0,
        "DestinationS3Uri": f"s3://{BUCKET}/datacapture/demand-forecast-staging",
        "CaptureOptions": [{"CaptureMode": "Input"}],
    },
)
sm.update_endpoint(EndpointName="demand-forecast-staging", EndpointConfigName="demand-forecast-staging-v12")
