import hashlib

import pytest

from vitcompress import hub


class FakeResponse:
    content = b"not a checkpoint"


def test_load_rejects_a_corrupted_download(monkeypatch, tmp_path):
    monkeypatch.setattr(hub.requests, "get", lambda *a, **k: FakeResponse())
    with pytest.raises(RuntimeError, match="checksum mismatch"):
        hub.load("vitc_s_05", cache_dir=str(tmp_path))


def test_every_checkpoint_has_a_sha256():
    for name, (_, _, digest) in hub.CHECKPOINTS.items():
        assert len(digest) == len(hashlib.sha256().hexdigest()), name
