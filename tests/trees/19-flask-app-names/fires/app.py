import pickle

from flask import Flask, jsonify, request

with open("model_C=1.0.bin", "rb") as f_in:
    model = pickle.load(f_in)

app = Flask("churn")


@app.route("/score", methods=["POST"])
def score():
    customer = request.get_json()
    return jsonify({"churn_probability": float(model.predict_proba([customer])[0, 1])})
