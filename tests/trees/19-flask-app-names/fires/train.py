import pickle

import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data/churn.csv")
model = LogisticRegression(random_state=1).fit(df.drop(columns="churn"), df.churn)
with open("model_C=1.0.bin", "wb") as f_out:
    pickle.dump(model, f_out)
