from kfp import dsl
from kfp.dsl import Dataset, Output


@dsl.component(base_image="python:3.10", packages_to_install=["google-cloud-bigquery==3.25.0", "pandas==2.2.2",
                                                               "db-dtypes==1.2.0", "pyarrow==15.0.2"])
def extract_features(project: str, snapshot_month: str, query: str, features: Output[Dataset]):
    from google.cloud import bigquery

    client = bigquery.Client(project=project)
    job = client.query(query, job_config=bigquery.QueryJobConfig(query_parameters=[
        bigquery.ScalarQueryParameter("snapshot_month", "DATE", snapshot_month)]))
    job.to_dataframe().to_parquet(features.path)
