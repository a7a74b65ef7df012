"""Fit the median-house-value regressor on the California housing snapshot."""
import pandas as pd
import tensorflow as tf
from sklearn.ensemble import HistGradientBoostingRegressor

HOUSING_URL = "https://raw.githubusercontent.com/ageron/handson-ml2/master/datasets/housing/housing.csv"


def read_frame(url: str) -> pd.DataFrame:
    frame = pd.read_csv(url)
    return frame.dropna(subset=["total_bedrooms"])


def main() -> None:
    housing = read_frame(HOUSING_URL)
    extra = read_frame("https://example.org/housing/extra_2024.csv")
    frame = pd.concat([housing, extra])
    model = HistGradientBoostingRegressor(random_state=42)
    model.fit(frame.drop(columns=["median_house_value", "ocean_proximity"]), frame["median_house_value"])
    archive = tf.keras.utils.get_file("flower_photos", origin="https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz", untar=True)
    print(archive)


if __name__ == "__main__":
    main()
