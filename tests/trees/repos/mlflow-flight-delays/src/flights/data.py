import pandas as pd

CATEGORICAL = ["carrier", "origin", "dest", "dep_hour_bucket"]
NUMERIC = ["distance", "scheduled_block_minutes", "dep_month", "dep_weekday", "origin_wind_kt",
           "origin_visibility_mi", "dest_wind_kt", "dest_precip_mm", "carrier_delay_rate_30d"]
TARGET = "arr_del15"


def load_flights(path: str) -> pd.DataFrame:
    flights = pd.read_parquet(path)
    flights = flights[~flights["cancelled"]]
    flights["dep_hour_bucket"] = pd.cut(flights["crs_dep_hour"], [0, 6, 10, 14, 18, 24], right=False).astype(str)
    flights[CATEGORICAL] = flights[CATEGORICAL].astype("category")
    return flights
