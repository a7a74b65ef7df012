from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, set_seed
from trl import SFTConfig, SFTTrainer

BASE = "TinyLlama/TinyLlama_v1.1"


def main() -> None:
    set_seed(7)
    tok = AutoTokenizer.from_pretrained(BASE)
    data = load_dataset("HuggingFaceH4/ultrachat_200k", split="train_sft",
                        revision="8049631c405ae6576f93f445c6b8166f76f5505a")
    model = AutoModelForCausalLM.from_pretrained(BASE, torch_dtype="bfloat16")
    trainer = SFTTrainer(model=model, tokenizer=tok, train_dataset=data,
                         args=SFTConfig(output_dir="out/tinychat-sft", num_train_epochs=1,
                                        per_device_train_batch_size=8, gradient_accumulation_steps=4,
                                        learning_rate=2e-5, bf16=True, seed=7))
    trainer.train()
    trainer.save_model()


if __name__ == "__main__":
    main()
