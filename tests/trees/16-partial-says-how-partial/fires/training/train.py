import yaml
from transformers import (AutoModelForSeq2SeqLM, AutoTokenizer, DataCollatorForSeq2Seq, Seq2SeqTrainer,
                          Seq2SeqTrainingArguments, set_seed)

from data_prep.build_mix import build


def main(config: str = "configs/flan_t5_base.yaml") -> None:
    cfg = yaml.safe_load(open(config))
    set_seed(cfg["seed"])
    tok = AutoTokenizer.from_pretrained(cfg["model"])
    data = build().map(lambda b: tok(b["dialogue"], text_target=b["summary"], truncation=True,
                                     max_length=cfg["max_source_length"]), batched=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(cfg["model"])
    trainer = Seq2SeqTrainer(model=model, train_dataset=data, data_collator=DataCollatorForSeq2Seq(tok, model),
                             args=Seq2SeqTrainingArguments("out/summarizer", learning_rate=cfg["learning_rate"],
                                                           per_device_train_batch_size=cfg["per_device_train_batch_size"],
                                                           num_train_epochs=cfg["num_train_epochs"], seed=cfg["seed"]))
    trainer.train()
    trainer.save_model()


if __name__ == "__main__":
    main()
