import argparse
import json

import evaluate
from datasets import Audio, load_dataset
from transformers import (Seq2SeqTrainer, Seq2SeqTrainingArguments, WhisperForConditionalGeneration,
                          WhisperProcessor, set_seed)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--eval-only", action="store_true")
    p.add_argument("--checkpoint", default="openai/whisper-small")
    args = p.parse_args()
    set_seed(3)
    processor = WhisperProcessor.from_pretrained("openai/whisper-small", language="german", task="transcribe")
    data = load_dataset("json", data_files={"train": "data/train.jsonl", "test": "data/test.jsonl"})
    data = data.cast_column("audio", Audio(sampling_rate=16000))

    def prepare(row):
        row["input_features"] = processor(row["audio"]["array"], sampling_rate=16000).input_features[0]
        row["labels"] = processor.tokenizer(row["text"]).input_ids
        return row

    data = data.map(prepare, remove_columns=["audio", "text"])
    wer = evaluate.load("wer")
    model = WhisperForConditionalGeneration.from_pretrained(args.checkpoint)
    trainer = Seq2SeqTrainer(model=model, train_dataset=data["train"], eval_dataset=data["test"],
                             args=Seq2SeqTrainingArguments("checkpoints", num_train_epochs=args.epochs,
                                                           per_device_train_batch_size=16, learning_rate=1e-5,
                                                           predict_with_generate=True, save_steps=4000))
    if not args.eval_only:
        trainer.train()
    out = trainer.predict(data["test"])
    preds = processor.batch_decode(out.predictions, skip_special_tokens=True)
    refs = processor.batch_decode(out.label_ids, skip_special_tokens=True)
    print(json.dumps({"checkpoint": args.checkpoint, "wer": wer.compute(predictions=preds, references=refs)}))


if __name__ == "__main__":
    main()
