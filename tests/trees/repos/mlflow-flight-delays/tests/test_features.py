import pandas as pd

from src.flights.features import carrier_delay_rate


def test_delay_rate_uses_only_previous_days():
    history = pd.DataFrame({
        "carrier": ["AA"] * 4,
        "fl_date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]),
        "arr_del15": [1, 0, 1, 1],
    })
    rate = carrier_delay_rate(history, window_days=2)
    assert rate.tolist() == [0.0, 1.0, 0.5, 0.5]
