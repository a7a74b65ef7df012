from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("churn_training", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    BashOperator(task_id="train", bash_command="python train.py")
