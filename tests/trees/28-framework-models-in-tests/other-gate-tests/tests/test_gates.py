from churn.gates import failed_gates


def test_a_metric_below_its_minimum_fails():
    assert failed_gates({"auc": 0.71}, {"auc": 0.80}) == ["auc"]
