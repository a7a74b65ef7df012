"""Monthly retraining with the SageMaker built-in XGBoost algorithm."""
import sagemaker
from sagemaker import image_uris
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput

BUCKET = "acme-claims-ml"
ROLE = "arn:aws:iam::123456789012:role/claims-sagemaker"

session = sagemaker.Session()
image = image_uris.retrieve("xgboost", region=session.boto_region_name, version="1.7-1")
estimator = Estimator(
    image_uri=image,
    role=ROLE,
    instance_count=1,
    instance_type="ml.m5.2xlarge",
    output_path=f"s3://{BUCKET}/models/claims-xgb/",
    sagemaker_session=session,
)
estimator.set_hyperparameters(objective="binary:logistic", num_round=400, max_depth=6, eta=0.1,
                              subsample=0.8, eval_metric="aucpr", seed=3)
estimator.fit({
    "train": TrainingInput(f"s3://{BUCKET}/training/train/", content_type="text/csv"),
    "validation": TrainingInput(f"s3://{BUCKET}/training/validation/", content_type="text/csv"),
})
print(estimator.model_data)
