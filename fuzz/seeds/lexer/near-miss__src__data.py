"""Loading and cleaning the exported support tickets."""

import re

from datasets import DatasetDict, load_dataset

SIGNATURE = re.compile(r"\n--\s*\n.*\Z", re.DOTALL)
QUOTED_REPLY = re.compile(r"^>.*$", re.MULTILINE)


def clean_body(body: str) -> str:
    """Drop e-mail signatures and quoted replies, collapse whitespace."""
    body = SIGNATURE.sub("", body or "")
    body = QUOTED_REPLY.sub("", body)
    return " ".join(body.split())


def load_tickets(train_file: str = "data/tickets_train.csv", test_file: str = "data/tickets_test.csv") -> DatasetDict:
    """The monthly export from the helpdesk, as saved by the support-ops team."""
    tickets = load_dataset(
        "csv",
        data_files={"train": train_file, "test": test_file},
    )
    return tickets.map(lambda row: {"body": clean_body(row["body"])})
