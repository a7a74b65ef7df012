import string

import torch
from flask import Flask, jsonify, request

from model import CharLSTM

VOCAB = string.printable
app = Flask(__name__)
model = CharLSTM(vocab_size=len(VOCAB))
model.load_state_dict(torch.load("char_lstm.pt", map_location="cpu"))
model.eval()


@app.route("/complete")
def complete():
    prefix = request.args.get("prefix", "")
    x = torch.tensor([[VOCAB.index(c) for c in prefix if c in VOCAB]])
    out, state = model(x)
    chars = []
    nxt = out[0, -1].argmax().view(1, 1)
    for _ in range(int(request.args.get("n", 20))):
        chars.append(VOCAB[nxt.item()])
        out, state = model(nxt, state)
        nxt = out[0, -1].argmax().view(1, 1)
    return jsonify(completion="".join(chars))


if __name__ == "__main__":
    app.run(port=8080)
