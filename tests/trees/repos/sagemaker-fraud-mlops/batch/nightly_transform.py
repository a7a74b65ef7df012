"""Nightly batch transform: score yesterday's card-not-present transactions with the approved model."""
import datetime as dt
import os

import boto3

sm = boto3.client("sagemaker")
BUCKET = os.environ.get("BUCKET", "acme-pay-fraud-ml")


def latest_approved_model_package(group: str = "FraudPackageGroup") -> str:
    packages = sm.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="Approved",
                                      SortBy="CreationTime", SortOrder="Descending", MaxResults=1)
    return packages["ModelPackageSummaryList"][0]["ModelPackageArn"]


def main() -> None:
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    model_name = f"fraud-batch-{day}"
    sm.create_model(ModelName=model_name, ExecutionRoleArn=os.environ["MODEL_ROLE_ARN"],
                    Containers=[{"ModelPackageName": latest_approved_model_package()}])
    sm.create_transform_job(
        TransformJobName=f"fraud-nightly-{day}",
        ModelName=model_name,
        BatchStrategy="MultiRecord",
        TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                                         "S3Uri": f"s3://{BUCKET}/daily/{day}/features/"}},
                        "ContentType": "text/csv", "SplitType": "Line"},
        TransformOutput={"S3OutputPath": f"s3://{BUCKET}/daily/{day}/scores/", "AssembleWith": "Line"},
        TransformResources={"InstanceType": "ml.m5.xlarge", "InstanceCount": 2},
        DataProcessing={"InputFilter": "$[1:]", "JoinSource": "Input", "OutputFilter": "$[0,-1]"},
    )


if __name__ == "__main__":
    main()
