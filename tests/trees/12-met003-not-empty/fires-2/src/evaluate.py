import argparse
import json
from pathlib import Path

import torch
from seqeval.metrics import classification_report
from transformers import AutoModelForTokenClassification, AutoTokenizer


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--test", required=True)
    args = p.parse_args()
    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForTokenClassification.from_pretrained(args.model).eval()
    gold, pred = [], []
    for line in open(args.test):
        row = json.loads(line)
        enc = tok(row["tokens"], is_split_into_words=True, truncation=True, max_length=512, return_tensors="pt")
        with torch.no_grad():
            ids = model(**enc).logits.argmax(-1)[0].tolist()
        seen, tags = set(), []
        for i, w in enumerate(enc.word_ids()):
            if w is not None and w not in seen:
                seen.add(w)
                tags.append(model.config.id2label[ids[i]])
        gold.append(row["tags"][: len(tags)])
        pred.append(tags)
    report = classification_report(gold, pred, digits=3)
    print(report)
    Path(args.model, "test_report.txt").write_text(report)


if __name__ == "__main__":
    main()
