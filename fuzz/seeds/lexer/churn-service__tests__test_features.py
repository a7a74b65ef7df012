import numpy as np
import pandas as pd
import pytest

from churn.features import FEATURES, build_features, spend_change_pct


@pytest.fixture
def accounts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "signup_date": pd.to_datetime(["2023-01-10", "2024-02-28"]),
            "snapshot_date": pd.to_datetime(["2024-03-01", "2024-03-01"]),
            "mrr": [120.0, 0.0],
            "mrr_prev_month": [100.0, 0.0],
            "seats": [5, None],
            "tickets_90d": [2, None],
            "logins_30d": [40, 1],
            "plan": ["Team", None],
            "billing_cycle": ["annual", "monthly"],
            "region": ["EMEA", "NA"],
        }
    )


def test_builds_every_model_feature_in_order(accounts):
    features = build_features(accounts)
    assert list(features.columns) == FEATURES
    assert len(features) == len(accounts)


def test_tenure_is_days_since_signup(accounts):
    features = build_features(accounts)
    assert features["tenure_days"].tolist() == [416, 2]


def test_missing_values_get_defaults(accounts):
    features = build_features(accounts)
    assert features.loc[1, "seats"] == 1
    assert features.loc[1, "support_tickets_90d"] == 0
    assert features.loc[1, "plan"] == "unknown"


def test_spend_change_handles_zero_previous_spend():
    change = spend_change_pct(pd.Series([50.0, 10.0]), pd.Series([0.0, 5.0]))
    assert change.tolist() == [0.0, 1.0]
    assert not np.isnan(change).any()
