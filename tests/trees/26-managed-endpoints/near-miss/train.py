import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

frame = pd.read_parquet("gs://acme-ml/churn/train-2024-03.parquet")
model = RandomForestClassifier(n_estimators=300, random_state=11)
model.fit(frame.drop(columns=["churned"]), frame["churned"])
joblib.dump(model, "model.joblib")
