import sys

import joblib

model = joblib.load("model.joblib")
print(model.predict([" ".join(sys.argv[1:])])[0])
