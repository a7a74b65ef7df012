"""Generation throughput of a checkpoint under vLLM (tokens per second, batch of 256 prompts)."""
import argparse
import json
import time

from vllm import LLM, SamplingParams


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--prompts", default="data/eval/prompts.jsonl")
    args = p.parse_args()
    prompts = [json.loads(l)["prompt"] for l in open(args.prompts)] * 64
    llm = LLM(model=args.model, dtype="bfloat16", gpu_memory_utilization=0.9)
    params = SamplingParams(temperature=0.0, max_tokens=256)
    start = time.perf_counter()
    outputs = llm.generate(prompts, params)
    elapsed = time.perf_counter() - start
    tokens = sum(len(o.outputs[0].token_ids) for o in outputs)
    print(f"{tokens / elapsed:.1f} tokens/s over {len(prompts)} prompts")


if __name__ == "__main__":
    main()
