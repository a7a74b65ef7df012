"""Fetch a new weekly-sales dump from the retail data share and verify it.

Run this when finance publishes a new dump, then `dvc add data/raw.csv` and
commit the updated data/raw.csv.dvc. Update EXPECTED_SHA256 from the checksum
file finance publishes next to the dump.
"""

import hashlib
import sys
import urllib.request
from pathlib import Path

EXPECTED_SHA256 = "4b9e1f0c7a2d58e36c1b0f9a8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b"
DEST = Path("data/raw.csv")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    DEST.parent.mkdir(parents=True, exist_ok=True)
    urllib.request.urlretrieve("https://data.northwind-retail.example/exports/weekly_sales_2019_2024.csv", DEST)
    actual = sha256_of(DEST)
    if actual != EXPECTED_SHA256:
        DEST.unlink()
        print(f"checksum mismatch: expected {EXPECTED_SHA256}, got {actual}", file=sys.stderr)
        return 1
    print(f"downloaded and verified {DEST} ({DEST.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
