import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data-science" / "src"))

from prep import CATEGORICAL, NUMERIC, TARGET  # noqa: E402


def test_feature_lists_do_not_overlap_the_target():
    assert TARGET not in NUMERIC + CATEGORICAL


def test_sample_has_every_feature_column():
    sample = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "taxi-sample.csv")
    assert set(NUMERIC + CATEGORICAL + [TARGET]) <= set(sample.columns)
