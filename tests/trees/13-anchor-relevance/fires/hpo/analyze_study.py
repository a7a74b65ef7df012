import pandas as pd

trials = pd.read_csv("hpo/optuna_trials.csv")
best = trials.sort_values("value", ascending=False).head(10)
print(best[["number", "value", "params_learning_rate", "params_num_leaves", "params_min_child_samples"]])
