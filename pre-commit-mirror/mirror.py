#!/usr/bin/env python3
"""Keep this hook repository pinned to a release of mlready-lint.

    python3 mirror.py set VERSION     pin pyproject.toml and README.md to VERSION
    python3 mirror.py check VERSION   exit 1 unless they are pinned to VERSION
    python3 mirror.py update          for every release on the package index newer than the
                                      pin, oldest first: pin it, commit, tag vVERSION

`update` is what .github/workflows/mirror.yml runs on a schedule in the hook repository: a tag
of this repository exists only once its wheel is on the index, so `rev: vX.Y.Z` always installs.
MIRROR_INDEX_URL overrides the index's JSON API (default https://pypi.org/pypi). Standard
library only.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
DISTRIBUTION = "mlready-lint"
RELEASE = re.compile(r"^\d+\.\d+\.\d+$")
PIN = re.compile(r'"mlready-lint==([^"]+)"')
REV = re.compile(r"rev: v\d+\.\d+\.\d+\S*")


def key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def pinned() -> str:
    found = PIN.findall((HERE / "pyproject.toml").read_text())
    if len(found) != 1:
        sys.exit(f"pyproject.toml must pin {DISTRIBUTION} exactly once (\"{DISTRIBUTION}==X.Y.Z\"), found {found}")
    return found[0]


def set_version(version: str) -> list[str]:
    if not RELEASE.match(version):
        sys.exit(f"not a release version: {version!r}")
    pyproject = HERE / "pyproject.toml"
    pyproject.write_text(PIN.sub(f'"{DISTRIBUTION}=={version}"', pyproject.read_text()))
    readme = HERE / "README.md"
    readme.write_text(REV.sub(f"rev: v{version}", readme.read_text()))
    return ["pyproject.toml", "README.md"]


def check(version: str) -> None:
    problems = []
    if pinned() != version:
        problems.append(f"pyproject.toml pins {DISTRIBUTION}=={pinned()}")
    revs = set(REV.findall((HERE / "README.md").read_text()))
    if revs != {f"rev: v{version}"}:
        problems.append(f"README.md shows {sorted(revs)}")
    if problems:
        sys.exit(
            f"the hook mirror is not pinned to {version}: " + "; ".join(problems)
            + f"\nrun: python3 {Path(__file__).name} set {version}"
        )
    print(f"ok: the hook mirror pins {DISTRIBUTION}=={version}")


def released() -> list[str]:
    index = os.environ.get("MIRROR_INDEX_URL", "https://pypi.org/pypi").rstrip("/")
    with urllib.request.urlopen(f"{index}/{DISTRIBUTION}/json", timeout=60) as response:
        releases = json.load(response)["releases"]
    # Only finished uploads of final releases: a release being uploaded, or yanked, is skipped.
    return sorted(
        (v for v, files in releases.items() if RELEASE.match(v) and files and not all(f.get("yanked") for f in files)),
        key=key,
    )


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=HERE, check=True, capture_output=True, text=True).stdout


def update() -> None:
    current = pinned()
    for version in [v for v in released() if key(v) > key(current)]:
        paths = set_version(version)
        git("add", *paths)
        git("commit", "--quiet", "-m", f"mlready-lint {version}")
        git("tag", "-a", f"v{version}", "-m", f"mlready-lint {version}")
        print(f"pinned and tagged v{version}")


def main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[1] == "set":
        set_version(argv[2])
    elif len(argv) == 3 and argv[1] == "check":
        check(argv[2])
    elif len(argv) == 2 and argv[1] == "update":
        update()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
