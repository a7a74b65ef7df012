"""Download the tokenised training shards and verify each against data/shards.sha256."""
import hashlib
import sys
from pathlib import Path

import requests

BASE = "https://storage.googleapis.com/acme-code-lm/snapshots/2024-05"
MANIFEST = Path("data/shards.sha256")
OUT = Path("data/shards")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    bad = []
    for line in MANIFEST.read_text().splitlines():
        expected, name = line.split()
        dest = OUT / name
        if not dest.exists():
            with requests.get(f"{BASE}/{name}", stream=True, timeout=60) as r:
                r.raise_for_status()
                with dest.open("wb") as f:
                    for chunk in r.iter_content(1 << 20):
                        f.write(chunk)
        if hashlib.sha256(dest.read_bytes()).hexdigest() != expected:
            bad.append(name)
    if bad:
        print(f"checksum mismatch: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
