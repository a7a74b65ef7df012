"""Run the nightly batch transform over yesterday's claims."""
import datetime as dt
import sys

import sagemaker
from sagemaker import image_uris
from sagemaker.model import Model

BUCKET = "acme-claims-ml"
ROLE = "arn:aws:iam::123456789012:role/claims-sagemaker"


def main(model_data: str) -> None:
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    session = sagemaker.Session()
    model = Model(
        image_uri=image_uris.retrieve("xgboost", region=session.boto_region_name, version="1.7-1"),
        model_data=model_data,
        role=ROLE,
        sagemaker_session=session,
    )
    transformer = model.transformer(
        instance_count=2,
        instance_type="ml.m5.xlarge",
        strategy="MultiRecord",
        assemble_with="Line",
        accept="text/csv",
        output_path=f"s3://{BUCKET}/scores/{day}/",
    )
    transformer.transform(
        data=f"s3://{BUCKET}/claims/{day}/claims.csv",
        content_type="text/csv",
        split_type="Line",
        input_filter="$[1:]",
        join_source="Input",
        output_filter="$[0,-1]",
    )
    transformer.wait()


if __name__ == "__main__":
    main(sys.argv[1])
