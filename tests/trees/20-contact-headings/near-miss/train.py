import pandas as pd
from sklearn.linear_model import LogisticRegression

frame = pd.read_csv("data/tickets.csv")
model = LogisticRegression(max_iter=200, random_state=0)
model.fit(frame[["length", "hour"]], frame["urgent"])
