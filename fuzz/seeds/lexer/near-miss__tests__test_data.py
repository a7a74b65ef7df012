import random

import pytest

from src.data import clean_body


@pytest.fixture(autouse=True)
def _seed():
    # Deterministic shuffles in the property-style test below.
    random.seed(1234)


def test_signature_is_removed():
    body = "My invoice is wrong.\n-- \nSam\nHelpdesk Example Ltd"
    assert clean_body(body) == "My invoice is wrong."


def test_quoted_reply_is_removed():
    body = "Still broken.\n> On Monday you wrote:\n> please restart"
    assert clean_body(body) == "Still broken."


def test_none_body_is_empty():
    assert clean_body(None) == ""


def test_whitespace_is_collapsed_in_any_order():
    words = ["printer", "offline", "again", "third", "time"]
    random.shuffle(words)
    assert clean_body("\n\t ".join(words)) == " ".join(words)
