"""Lambda handler: start the monthly batch transform over the exported reviews."""
import datetime as dt
import os

import boto3

sm = boto3.client("sagemaker")
BUCKET = os.environ.get("BUCKET", "acme-reviews-ml")
MODEL_NAME = os.environ.get("MODEL_NAME", "reviews-sentiment-v4")


def lambda_handler(event, context):
    month = event.get("month") or dt.date.today().strftime("%Y-%m")
    job_name = f"reviews-sentiment-{month}-{dt.datetime.utcnow():%H%M%S}"
    sm.create_transform_job(
        TransformJobName=job_name,
        ModelName=MODEL_NAME,
        MaxConcurrentTransforms=4,
        BatchStrategy="SingleRecord",
        TransformInput={
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                            "S3Uri": f"s3://{BUCKET}/reviews/{month}/"}},
            "ContentType": "application/jsonlines",
            "SplitType": "Line",
        },
        TransformOutput={"S3OutputPath": f"s3://{BUCKET}/sentiment/{month}/", "AssembleWith": "Line",
                         "Accept": "application/jsonlines"},
        TransformResources={"InstanceType": "ml.g4dn.xlarge", "InstanceCount": 1},
    )
    return {"job_name": job_name}
