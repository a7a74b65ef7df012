import pandas as pd
import xgboost as xgb

train = pd.read_parquet("data/train.parquet")
y = train.pop("is_fraud")
model = xgb.XGBClassifier(n_estimators=800, max_depth=6, learning_rate=0.05, subsample=0.8,
                          eval_metric="aucpr", random_state=17)
model.fit(train, y)
model.save_model("fraud_xgb.json")
