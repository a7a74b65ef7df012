import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

frame = pd.read_parquet("data/train.parquet")
model = GradientBoostingClassifier(random_state=7)
model.fit(frame.drop(columns=["churned"]), frame["churned"])
joblib.dump(model, "model.joblib")
