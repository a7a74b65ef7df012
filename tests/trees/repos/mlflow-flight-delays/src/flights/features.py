import numpy as np
import pandas as pd


def carrier_delay_rate(history: pd.DataFrame, window_days: int = 30) -> pd.Series:
    """Share of a carrier's flights delayed >15 min over the previous `window_days`, excluding the current day."""
    daily = history.groupby(["carrier", "fl_date"])["arr_del15"].agg(["sum", "count"]).reset_index()
    daily = daily.sort_values("fl_date")
    rolled = daily.groupby("carrier")[["sum", "count"]].transform(
        lambda s: s.shift(1).rolling(window_days, min_periods=1).sum())
    return (rolled["sum"] / rolled["count"]).replace([np.inf, -np.inf], np.nan).fillna(0.0)
