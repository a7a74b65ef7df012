import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin


class Clip(BaseEstimator, TransformerMixin):
    """Clip every column to [low, high]."""

    def __init__(self, low=-5.0, high=5.0):
        self.low = low
        self.high = high

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return np.clip(X, self.low, self.high)


class LogScale(BaseEstimator, TransformerMixin):
    def fit(self, X, y=None):
        self.offset_ = 1.0 - np.minimum(np.min(X, axis=0), 0.0)
        return self

    def transform(self, X):
        return np.log(X + self.offset_)
