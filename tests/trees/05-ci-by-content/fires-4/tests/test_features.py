import pandas as pd

from forecast.train import build_features


def test_lags_do_not_leak_the_current_week():
    weeks = pd.date_range("2022-01-03", periods=60, freq="W-MON")
    sales = pd.DataFrame({"store_id": 1, "dept_id": 7, "week": weeks, "is_holiday": False,
                          "units": range(60)})
    out = build_features(sales)
    assert (out["lag_1"] == out["units"] - 1).all()
    assert (out["rolling_4"] < out["units"]).all()
