import pickle

import pandas as pd
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_validate

df = pd.read_csv("data/heart.csv")
y = df.pop("target").values
dv = DictVectorizer(sparse=False)
X = dv.fit_transform(df.to_dict(orient="records"))
model = LogisticRegression(C=0.5, max_iter=2000)
scores = cross_validate(model, X, y, cv=5, scoring=["accuracy", "precision", "recall", "roc_auc"])
print({k: v.mean().round(3) for k, v in scores.items() if k.startswith("test_")})
model.fit(X, y)
with open("model.bin", "wb") as f:
    pickle.dump((dv, model), f)
