import pandas as pd

FEATURES = ["tenure_months", "plan_tier", "monthly_price", "sessions_30d", "minutes_90d", "support_tickets_90d"]
PLAN_TIERS = {"basic": 0, "standard": 1, "premium": 2}


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["plan_tier"] = out["plan_tier"].map(PLAN_TIERS).fillna(-1).astype(int)
    out["minutes_90d"] = out["minutes_90d"].fillna(0.0)
    out["sessions_30d"] = out["sessions_30d"].fillna(0).astype(int)
    return out
