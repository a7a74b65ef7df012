import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

apps = pd.read_parquet("data/applications_2023.parquet")
y = apps.pop("defaulted")
model = GradientBoostingClassifier(n_estimators=400, max_depth=3, random_state=4)
model.fit(apps[["income", "loan_amount", "term_months", "fico", "dti"]], y)
joblib.dump(model, "models/credit_risk.joblib")
