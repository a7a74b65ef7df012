"""SageMaker Pipeline: preprocess -> train -> evaluate -> condition -> register."""
import os

import sagemaker
from sagemaker import image_uris
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.model import Model
from sagemaker.model_metrics import MetricsSource, ModelMetrics
from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from sagemaker.sklearn.processing import SKLearnProcessor
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from sagemaker.workflow.functions import JsonGet
from sagemaker.workflow.model_step import ModelStep
from sagemaker.workflow.parameters import ParameterFloat, ParameterString
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.pipeline_context import PipelineSession
from sagemaker.workflow.properties import PropertyFile
from sagemaker.workflow.steps import ProcessingStep, TrainingStep

BASE_DIR = os.path.dirname(os.path.realpath(__file__))


def get_pipeline(region, role=None, default_bucket=None, model_package_group_name="FraudPackageGroup",
                 pipeline_name="FraudPipeline", base_job_prefix="Fraud"):
    session = PipelineSession(default_bucket=default_bucket)
    role = role or sagemaker.session.get_execution_role(session)

    input_data = ParameterString(name="InputDataUrl",
                                 default_value=f"s3://acme-pay-fraud-ml/raw/transactions.csv")
    validation_month = ParameterString(name="ValidationMonth", default_value="2024-05")
    auc_threshold = ParameterFloat(name="AucThreshold", default_value=0.90)
    approval_status = ParameterString(name="ModelApprovalStatus", default_value="PendingManualApproval")

    processor = SKLearnProcessor(framework_version="1.2-1", instance_type="ml.m5.xlarge", instance_count=1,
                                 base_job_name=f"{base_job_prefix}/preprocess", sagemaker_session=session, role=role)
    step_process = ProcessingStep(
        name="PreprocessFraudData",
        step_args=processor.run(
            inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")],
            outputs=[ProcessingOutput(output_name=n, source=f"/opt/ml/processing/{n}") for n in ("train", "validation", "test")],
            code=os.path.join(BASE_DIR, "preprocess.py"),
            arguments=["--validation-month", validation_month],
        ),
    )

    image_uri = image_uris.retrieve(framework="xgboost", region=region, version="1.7-1",
                                    py_version="py3", instance_type="ml.m5.2xlarge")
    xgb_train = Estimator(image_uri=image_uri, instance_type="ml.m5.2xlarge", instance_count=1,
                          output_path=f"s3://{session.default_bucket()}/{base_job_prefix}/FraudTrain",
                          base_job_name=f"{base_job_prefix}/fraud-train", sagemaker_session=session, role=role)
    xgb_train.set_hyperparameters(objective="binary:logistic", num_round=400, max_depth=6, eta=0.1,
                                  scale_pos_weight=50, subsample=0.8, eval_metric="auc", seed=42)
    step_train = TrainingStep(
        name="TrainFraudModel",
        step_args=xgb_train.fit(inputs={
            "train": TrainingInput(s3_data=step_process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri,
                                   content_type="text/csv"),
            "validation": TrainingInput(
                s3_data=step_process.properties.ProcessingOutputConfig.Outputs["validation"].S3Output.S3Uri,
                content_type="text/csv"),
        }),
    )

    script_eval = ScriptProcessor(image_uri=image_uri, command=["python3"], instance_type="ml.m5.xlarge",
                                  instance_count=1, base_job_name=f"{base_job_prefix}/script-fraud-eval",
                                  sagemaker_session=session, role=role)
    evaluation_report = PropertyFile(name="FraudEvaluationReport", output_name="evaluation", path="evaluation.json")
    step_eval = ProcessingStep(
        name="EvaluateFraudModel",
        step_args=script_eval.run(
            inputs=[ProcessingInput(source=step_train.properties.ModelArtifacts.S3ModelArtifacts,
                                    destination="/opt/ml/processing/model"),
                    ProcessingInput(source=step_process.properties.ProcessingOutputConfig.Outputs["test"].S3Output.S3Uri,
                                    destination="/opt/ml/processing/test")],
            outputs=[ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")],
            code=os.path.join(BASE_DIR, "evaluate.py"),
        ),
        property_files=[evaluation_report],
    )

    model_metrics = ModelMetrics(model_statistics=MetricsSource(
        s3_uri=f"{step_eval.arguments['ProcessingOutputConfig']['Outputs'][0]['S3Output']['S3Uri']}/evaluation.json",
        content_type="application/json"))
    model = Model(image_uri=image_uri, model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts,
                  sagemaker_session=session, role=role)
    step_register = ModelStep(name="RegisterFraudModel", step_args=model.register(
        content_types=["text/csv"], response_types=["text/csv"], inference_instances=["ml.m5.large"],
        transform_instances=["ml.m5.xlarge"], model_package_group_name=model_package_group_name,
        approval_status=approval_status, model_metrics=model_metrics))

    cond_gte = ConditionGreaterThanOrEqualTo(
        left=JsonGet(step_name=step_eval.name, property_file=evaluation_report,
                     json_path="binary_classification_metrics.auc.value"),
        right=auc_threshold)
    step_cond = ConditionStep(name="CheckAucFraudEvaluation", conditions=[cond_gte], if_steps=[step_register],
                              else_steps=[])

    return Pipeline(name=pipeline_name,
                    parameters=[input_data, validation_month, auc_threshold, approval_status],
                    steps=[step_process, step_train, step_eval, step_cond], sagemaker_session=session)
