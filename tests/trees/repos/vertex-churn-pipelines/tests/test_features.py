import pandas as pd

from churn.features import FEATURES, prepare


def test_prepare_encodes_plan_tier_and_fills_gaps():
    raw = pd.DataFrame({"tenure_months": [3, 40], "plan_tier": ["premium", "legacy"], "monthly_price": [17.99, 9.99],
                        "sessions_30d": [None, 12], "minutes_90d": [None, 1805.0], "support_tickets_90d": [0, 2]})
    out = prepare(raw)
    assert out["plan_tier"].tolist() == [2, -1]
    assert out["minutes_90d"].tolist() == [0.0, 1805.0]
    assert set(FEATURES) <= set(out.columns)
