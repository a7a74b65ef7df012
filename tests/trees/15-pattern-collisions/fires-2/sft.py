import argparse

from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, set_seed
from trl import SFTConfig, SFTTrainer

BASE = "mistralai/Mistral-7B-v0.1"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    set_seed(42)
    tok = AutoTokenizer.from_pretrained(BASE)
    tok.pad_token = tok.eos_token
    data = load_dataset("HuggingFaceH4/ultrachat_200k", split="train_sft",
                        revision="8049631c405ae6576f93f445c6b8166f76f5505a")
    model = AutoModelForCausalLM.from_pretrained(BASE, torch_dtype="bfloat16", attn_implementation="sdpa")
    trainer = SFTTrainer(model=model, tokenizer=tok, train_dataset=data,
                         args=SFTConfig(output_dir="out/mistral-sft", num_train_epochs=args.epochs, bf16=True,
                                        per_device_train_batch_size=4, gradient_accumulation_steps=8,
                                        learning_rate=2e-5, lr_scheduler_type="cosine", warmup_ratio=0.03,
                                        max_seq_length=2048, gradient_checkpointing=True, seed=42))
    trainer.train()
    trainer.save_model()


if __name__ == "__main__":
    main()
