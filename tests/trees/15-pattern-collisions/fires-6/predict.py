import pickle

from flask import Flask, jsonify, request

with open("model.bin", "rb") as f:
    dv, model = pickle.load(f)

app = Flask(__name__)


@app.route("/predict", methods=["POST"])
def predict():
    patient = request.get_json()
    proba = model.predict_proba(dv.transform([patient]))[0, 1]
    return jsonify({"heart_disease_probability": float(proba), "heart_disease": bool(proba >= 0.5)})


if __name__ == "__main__":
    app.run(debug=True, host="0.0.0.0", port=9696)
