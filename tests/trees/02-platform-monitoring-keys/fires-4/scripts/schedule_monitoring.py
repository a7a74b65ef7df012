import boto3

REGION = "eu-west-1"
BUCKET = "acme-forecast-ml"
ROLE_ARN = "arn:aws:iam::123456789012:role/forecast-sagemaker-execution"
MONITOR_IMAGE = "468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer"

sm = boto3.client("sagemaker", region_name=REGION)

sm.create_data_quality_job_definition(
    JobDefinitionName="demand-forecast-data-quality",
    DataQualityBaselineConfig={
        "ConstraintsResource": {"S3Uri": f"s3://{BUCKET}/baseline/constraints.json"},
        "StatisticsResource": {"S3Uri": f"s3://{BUCKET}/baseline/statistics.json"},
    },
    DataQualityAppSpecification={"ImageUri": MONITOR_IMAGE},
    DataQualityJobInput={"EndpointInput": {"EndpointName": "demand-forecast",
                                           "LocalPath": "/opt/ml/processing/input"}},
    DataQualityJobOutputConfig={"MonitoringOutputs": [{"S3Output": {
        "S3Uri": f"s3://{BUCKET}/monitoring/reports", "LocalPath": "/opt/ml/processing/output",
        "S3UploadMode": "EndOfJob"}}]},
    JobResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge",
                                    "VolumeSizeInGB": 20}},
    RoleArn=ROLE_ARN,
)
sm.create_monitoring_schedule(
    MonitoringScheduleName="demand-forecast-hourly",
    MonitoringScheduleConfig={
        "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
        "MonitoringJobDefinitionName": "demand-forecast-data-quality",
        "MonitoringType": "DataQuality",
    },
)
