from sagemaker.processing import ProcessingInput, ProcessingOutput
from sagemaker.sklearn.processing import SKLearnProcessor

BUCKET = "acme-claims-ml"
ROLE = "arn:aws:iam::123456789012:role/claims-sagemaker"

processor = SKLearnProcessor(framework_version="1.2-1", role=ROLE, instance_type="ml.m5.xlarge",
                             instance_count=1, base_job_name="claims-evaluation")
processor.run(
    code="pipelines/evaluate.py",
    inputs=[
        ProcessingInput(source=f"s3://{BUCKET}/models/candidate/model.tar.gz",
                        destination="/opt/ml/processing/model"),
        ProcessingInput(source=f"s3://{BUCKET}/training/test/", destination="/opt/ml/processing/test"),
    ],
    outputs=[ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation",
                              destination=f"s3://{BUCKET}/evaluation/candidate/")],
)
