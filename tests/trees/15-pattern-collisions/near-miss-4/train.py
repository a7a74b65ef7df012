import joblib
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split

wine = pd.read_csv("data/winequality-red.csv", sep=";")
X, y = wine.drop(columns="quality"), wine["quality"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
model = RandomForestRegressor(n_estimators=500, random_state=0).fit(X_train, y_train)
print(f"R^2 on the test split: {model.score(X_test, y_test):.3f}")
joblib.dump(model, "wine_rf.joblib")
