from datasets import concatenate_datasets, load_dataset


def to_pairs(ds, dialogue_col: str, summary_col: str):
    return ds.rename_columns({dialogue_col: "dialogue", summary_col: "summary"}).select_columns(["dialogue", "summary"])


def build():
    parts = [
        to_pairs(load_dataset("knkarthick/dialogsum", split="train",
                              revision="7bc6a3c3a5a6c1a0e4c1f0d1f2b3e4a5c6d7e8f9"), "dialogue", "summary"),
        to_pairs(load_dataset("Samsung/samsum", split="train", revision="f1d7c6adfc8b1c8a3ed5e9b4c1f1e7c5d6a2b3c4"),
                 "dialogue", "summary"),
        to_pairs(load_dataset("ccdv/arxiv-summarization", split="train[:20000]"), "article", "abstract"),
        to_pairs(load_dataset("EdinburghNLP/xsum", split="train[:50000]"), "document", "summary"),
        to_pairs(load_dataset("acme/support-conversations-2024", split="train"), "transcript", "agent_summary"),
    ]
    return concatenate_datasets(parts).shuffle(seed=11)
