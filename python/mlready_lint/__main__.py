"""``python -m mlready_lint ARGS`` runs ``mlready ARGS`` with the binary this wheel installed."""

from __future__ import annotations

import os
import sys

from mlready_lint import find_mlready_bin


def main() -> None:
    try:
        mlready = os.fsdecode(find_mlready_bin())
    except FileNotFoundError as error:
        # Exit code 2, as mlready itself for an I/O error.
        sys.stderr.write(f"python -m mlready_lint: {error}\n")
        sys.exit(2)
    if sys.platform == "win32":
        # Windows has no exec(): run it as a child and pass its exit code on.
        import subprocess

        try:
            code = subprocess.run([mlready, *sys.argv[1:]]).returncode
        except KeyboardInterrupt:
            code = 130
        sys.exit(code)
    os.execv(mlready, [mlready, *sys.argv[1:]])


if __name__ == "__main__":
    main()
