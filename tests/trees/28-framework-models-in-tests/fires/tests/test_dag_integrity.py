from airflow.models import DagBag


def test_dags_import_without_errors():
    bag = DagBag(dag_folder="dags", include_examples=False)
    assert not bag.import_errors
