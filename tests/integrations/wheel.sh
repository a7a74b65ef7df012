#!/usr/bin/env bash
# The Python wheel (pyproject.toml): built with maturin (`maturin build --release --locked`),
# installed from a local folder into a fresh virtual environment, and run from there with a PATH
# that holds no cargo, rustc or rustup: `mlready --version`, `python -m mlready_lint --version`,
# and `mlready lint` on a ready fixture (exit 0) and on one that misses ingredients (exit 1).
# Also checks the wheel's and the sdist's contents, and that the version is Cargo.toml's.
#
# MLREADY_WHEEL_DIR: build the wheel there and leave it for the scripts that reuse it
# (pre-commit-wheel.sh, action.sh); default: a temporary folder.
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
source "$project/tests/integrations/common.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

version="$(cargo_version)"
out="${MLREADY_WHEEL_DIR:-$work/wheels}"
mkdir -p "$out"
rm -f "$out"/mlready_lint-*.whl
wheel="$(build_wheel "$out")"
echo "built $wheel"

case "${wheel##*/}" in
  "mlready_lint-$version-py3-none-"*.whl) ;;
  *) echo "FAIL: the wheel is not mlready_lint $version (Cargo.toml's version): ${wheel##*/}"; exit 1 ;;
esac
python3 - "$wheel" "$version" <<'PY'
import sys, zipfile
wheel, version = sys.argv[1:]
names = set(zipfile.ZipFile(wheel).namelist())
data = f"mlready_lint-{version}.data/scripts/"
want = {f"{data}mlready", "mlready_lint/__init__.py", "mlready_lint/__main__.py"}
missing = want - names
if missing:
    sys.exit(f"FAIL: the wheel lacks {sorted(missing)}; it has {sorted(names)}")
metadata = zipfile.ZipFile(wheel).read(f"mlready_lint-{version}.dist-info/METADATA").decode()
for line in ("Name: mlready-lint", f"Version: {version}"):
    if line not in metadata.splitlines():
        sys.exit(f"FAIL: the wheel's METADATA lacks {line!r}")
print("ok: the wheel carries the mlready binary and the mlready_lint shim, as mlready-lint", version)
PY

# Installed as a user installs it, by name, but from the local folder only.
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$out" \
  "mlready-lint==$version"

clean_path="$work/venv/bin:$(path_without_rust "$work/path")"
run() { env PATH="$clean_path" MLREADY_CACHE_DIR="$work/cache" "$@"; }
run sh -c '! command -v cargo && ! command -v rustc && ! command -v rustup' > /dev/null \
  || { echo "FAIL: Rust is still on PATH"; exit 1; }

expect_version() {
  local got
  got="$(run "$@")"
  [ "$got" = "mlready $version" ] || { echo "FAIL: '$*' printed '$got', not 'mlready $version'"; exit 1; }
  echo "ok: $* -> $got (no cargo, rustc or rustup on PATH)"
}
expect_version mlready --version
[ "$(run sh -c 'command -v mlready')" = "$work/venv/bin/mlready" ] || { echo "FAIL: mlready is not the venv's"; exit 1; }
expect_version python -m mlready_lint --version

cd "$project"
if ! output="$(run mlready lint fixtures/churn-service 2>&1)"; then
  echo "$output"
  echo "FAIL: the wheel's mlready lint fixtures/churn-service did not exit 0"
  exit 1
fi
echo "ok: mlready lint fixtures/churn-service exits 0 ($(tail -n 1 <<< "$output"))"
set +e
output="$(run python -m mlready_lint lint fixtures/bare-research --format concise 2>&1)"
code=$?
set -e
if [ "$code" -ne 1 ] || ! grep -q "OWN001" <<< "$output"; then
  echo "$output"
  echo "FAIL: python -m mlready_lint lint fixtures/bare-research exited $code, not 1 with OWN001"
  exit 1
fi
echo "ok: python -m mlready_lint lint fixtures/bare-research exits 1 ($(tail -n 1 <<< "$output"))"

# The sdist (what `pip install mlready-lint` builds where no wheel fits, and what the release
# publishes): Cargo.lock, the sources, the rule packs and the shim, and not the test fixtures.
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.9,<2"
"$work/venv/bin/maturin" sdist --out "$work/sdist" > /dev/null 2>&1
python3 - "$work/sdist/mlready_lint-$version.tar.gz" "$version" <<'PY'
import sys, tarfile
sdist, version = sys.argv[1:]
root = f"mlready_lint-{version}/"
names = {n[len(root):] for n in tarfile.open(sdist).getnames() if n.startswith(root)}
want = {"Cargo.toml", "Cargo.lock", "build.rs", "pyproject.toml", "README.md", "src/main.rs",
        "rules/owners.toml", "python/mlready_lint/__main__.py", "python/mlready_lint/__init__.py"}
missing = want - names
unwanted = sorted(n for n in names if n.startswith(("fixtures/", "tests/", "target/", "docs/")))
if missing or unwanted:
    sys.exit(f"FAIL: the sdist lacks {sorted(missing)} or holds {unwanted}")
print(f"ok: the sdist holds the crate, its Cargo.lock and the shim ({len(names)} files), no fixtures")
PY
