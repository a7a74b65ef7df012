import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

crm = pd.read_csv("data/crm_export.csv")
X = crm[["tenure_months", "monthly_charges", "support_tickets_90d", "logins_30d"]]
y = crm["churned"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
model.fit(X_train, y_train)
print(f"holdout accuracy: {model.score(X_test, y_test):.3f}")
joblib.dump(model, "churn_lr.joblib")
