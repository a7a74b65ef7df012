import pickle

# Serving is the platform team's: they wrap this file in their own app = Flask("churn") service.
with open("model_C=1.0.bin", "rb") as f_in:
    model = pickle.load(f_in)

with open("model.pkl", "wb") as f_out:
    pickle.dump(model, f_out)
