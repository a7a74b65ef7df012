import joblib
import pandas as pd
from fastapi import FastAPI, Header, HTTPException

FEATURES = ["tenure_months", "monthly_charges", "support_tickets_90d", "logins_30d"]
app = FastAPI(title="churn partner API")
model = joblib.load("models/churn.joblib")


@app.post("/v1/churn-score")
def churn_score(account: dict, x_partner_key: str = Header(...)) -> dict:
    if not x_partner_key.startswith("pk_"):
        raise HTTPException(status_code=401)
    score = float(model.predict_proba(pd.DataFrame([account])[FEATURES])[0, 1])
    return {"account_id": account.get("account_id"), "churn_score": round(score, 4)}
