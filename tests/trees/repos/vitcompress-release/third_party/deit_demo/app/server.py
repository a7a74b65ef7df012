import io

import torch
from flask import Flask, jsonify, request
from PIL import Image
from torchvision import transforms

from deit_demo.labels import load_labels

app = Flask(__name__)
model = torch.hub.load("facebookresearch/deit:main", "deit_small_patch16_224", pretrained=True).eval()
labels = load_labels()
tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                         transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])


@app.route("/classify", methods=["POST"])
def classify():
    image = Image.open(io.BytesIO(request.files["image"].read())).convert("RGB")
    with torch.no_grad():
        probs = model(tf(image)[None]).softmax(-1)[0]
    top = probs.topk(5)
    return jsonify([{"label": labels[i], "p": round(float(p), 4)} for p, i in zip(top.values, top.indices)])


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=7860)
