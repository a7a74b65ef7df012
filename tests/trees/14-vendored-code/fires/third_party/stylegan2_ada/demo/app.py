import io
import sys

import numpy as np
import torch
from flask import Flask, request, send_file
from PIL import Image

sys.path.insert(0, "..")
from stylegan2_ada import legacy  # noqa: E402

app = Flask(__name__)
with open(sys.argv[sys.argv.index("--network") + 1] if "--network" in sys.argv else "network.pkl", "rb") as f:
    G = legacy.load_network_pkl(f)["G_ema"].eval()


@app.route("/sample")
def sample():
    seed = int(request.args.get("seed", 0))
    z = torch.from_numpy(np.random.RandomState(seed).randn(1, G.z_dim))
    with torch.no_grad():
        img = G(z, None, truncation_psi=float(request.args.get("psi", 0.7)))
    img = (img.permute(0, 2, 3, 1) * 127.5 + 128).clamp(0, 255).to(torch.uint8)[0].numpy()
    buf = io.BytesIO()
    Image.fromarray(img, "RGB").save(buf, format="PNG")
    buf.seek(0)
    return send_file(buf, mimetype="image/png")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
