import argparse

from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import (AutoModelForCausalLM, AutoTokenizer, DataCollatorForLanguageModeling,
                          Trainer, TrainingArguments)

PROMPT = "Below is an instruction that describes a task.\n\n### Instruction:\n{instruction}\n\n### Response:\n{output}"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base_model", required=True)
    p.add_argument("--lora_r", type=int, default=16)
    p.add_argument("--lora_alpha", type=int, default=32)
    args = p.parse_args()

    tok = AutoTokenizer.from_pretrained(args.base_model)
    tok.pad_token = tok.eos_token
    data = load_dataset("tatsu-lab/alpaca", split="train")
    data = data.map(lambda r: tok(PROMPT.format(**r), truncation=True, max_length=512),
                    remove_columns=data.column_names)
    model = AutoModelForCausalLM.from_pretrained(args.base_model, torch_dtype="auto")
    model = get_peft_model(model, LoraConfig(r=args.lora_r, lora_alpha=args.lora_alpha, lora_dropout=0.05,
                                             target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
    trainer = Trainer(model=model, train_dataset=data,
                      args=TrainingArguments("out", per_device_train_batch_size=4, gradient_accumulation_steps=8,
                                             num_train_epochs=3, learning_rate=3e-4, bf16=True,
                                             logging_steps=10, report_to="wandb", seed=42),
                      data_collator=DataCollatorForLanguageModeling(tok, mlm=False))
    trainer.train()
    model.save_pretrained("out/adapter")


if __name__ == "__main__":
    main()
