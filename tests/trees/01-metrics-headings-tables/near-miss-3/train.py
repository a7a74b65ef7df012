import joblib
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

messages = pd.read_csv("data/messages.csv")
model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2), MultinomialNB(alpha=0.1))
model.fit(messages["text"], messages["label"])
joblib.dump(model, "model.joblib")
