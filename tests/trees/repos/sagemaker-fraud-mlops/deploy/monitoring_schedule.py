"""Create the hourly data-quality monitoring schedule of the production endpoint."""
import argparse

import boto3


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", default="fraud-detection-prod")
    p.add_argument("--role-arn", required=True)
    p.add_argument("--bucket", default="acme-pay-fraud-ml")
    p.add_argument("--image-uri", required=True, help="model-monitor analyzer image of the region")
    args = p.parse_args()
    sm = boto3.client("sagemaker")
    sm.create_monitoring_schedule(
        MonitoringScheduleName=f"{args.endpoint}-data-quality",
        MonitoringScheduleConfig={
            "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
            "MonitoringJobDefinition": {
                "BaselineConfig": {
                    "ConstraintsResource": {"S3Uri": f"s3://{args.bucket}/baseline/constraints.json"},
                    "StatisticsResource": {"S3Uri": f"s3://{args.bucket}/baseline/statistics.json"},
                },
                "MonitoringInputs": [{"EndpointInput": {"EndpointName": args.endpoint,
                                                        "LocalPath": "/opt/ml/processing/input/endpoint"}}],
                "MonitoringOutputConfig": {"MonitoringOutputs": [{"S3Output": {
                    "S3Uri": f"s3://{args.bucket}/monitoring/{args.endpoint}", "LocalPath": "/opt/ml/processing/output",
                    "S3UploadMode": "EndOfJob"}}]},
                "MonitoringResources": {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge",
                                                          "VolumeSizeInGB": 30}},
                "MonitoringAppSpecification": {"ImageUri": args.image_uri},
                "RoleArn": args.role_arn,
            },
        },
    )


if __name__ == "__main__":
    main()
