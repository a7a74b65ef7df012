import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI(title="credit-risk-api")
model = joblib.load("models/credit_risk.joblib")


class Application(BaseModel):
    income: float = Field(gt=0)
    loan_amount: float = Field(gt=0, le=500_000)
    term_months: int = Field(ge=6, le=84)
    fico: int = Field(ge=300, le=850)
    dti: float = Field(ge=0, le=1.5)


@app.post("/score")
def score(application: Application) -> dict:
    p = float(model.predict_proba(pd.DataFrame([application.model_dump()]))[0, 1])
    return {"default_probability": round(p, 4)}
