#!/usr/bin/env bash
# The `language: rust` pre-commit hooks (.pre-commit-hooks.yaml) are built by pre-commit with
# `cargo install --path .`, without `--locked`: cargo ignores Cargo.lock and resolves the
# dependencies afresh, to the newest versions the manifest allows (and the package's
# rust-version supports). This resolves the same way, from the manifest and sources alone
# (`cargo generate-lockfile` in a copy without Cargo.lock), and fails when that build would differ
# from the one CI tests:
#   * syn in the normal or build dependencies, on any platform mlready is released for
#     (mlready keeps proc-macros out of its build; textwrap 0.16.3+ brought syn back through ICU4X);
#   * a crate Cargo.lock does not have (the hook would build a different dependency graph: hold
#     the crate that brings it back in Cargo.toml's `cfg(any())` table, next to textwrap).
# Crates that resolve to another version of a crate Cargo.lock has are listed, not failed on: new
# patch releases appear every week, and `cargo update` (tested by CI) is how they are taken in.
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp -R "$project/Cargo.toml" "$project/build.rs" "$project/src" "$project/rules" "$work/"
cp "$project/README.md" "$work/" 2> /dev/null || true
export CARGO_TARGET_DIR="$work/target"
(cd "$work" && cargo generate-lockfile --quiet)

# The platforms the release workflow builds binaries for (cargo evaluates their cfg() without
# their standard library). Not `--target all`: it would also count `cfg(any())` entries, which
# no platform builds (serde_core's pin of serde_derive, for one).
targets=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl
  aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc)
target_args=()
for target in "${targets[@]}"; do target_args+=(--target "$target"); done
if ! syn="$(cd "$work" && cargo tree --locked -e normal,build -i syn "${target_args[@]}" 2>&1)"; then
  # Not an error when syn is nowhere in the resolution; any other failure is.
  grep -q "did not match any packages" <<< "$syn" || { echo "$syn"; echo "FAIL: cargo tree failed"; exit 1; }
fi
if grep -q '^syn' <<< "$syn"; then
  echo "$syn"
  echo "FAIL: without Cargo.lock, syn is in mlready's build (what pre-commit's language: rust hooks build)"
  exit 1
fi
echo "ok: without Cargo.lock, no syn in the normal and build dependencies on ${#targets[@]} platforms"

python3 - "$project/Cargo.lock" "$work/Cargo.lock" <<'PY'
import sys, tomllib

def packages(path):
    return {(p["name"], p["version"]) for p in tomllib.load(open(path, "rb"))["package"]}

locked, unlocked = packages(sys.argv[1]), packages(sys.argv[2])
locked_names = {name for name, _ in locked}
new = sorted(f"{n} {v}" for n, v in unlocked - locked if n not in locked_names)
if new:
    sys.exit("FAIL: without Cargo.lock, the build takes crates Cargo.lock does not have: " + ", ".join(new))
moved = sorted(f"{n} {v}" for n, v in unlocked - locked)
if moved:
    print(f"note: without Cargo.lock, {len(moved)} crates resolve to other versions than Cargo.lock's:", ", ".join(moved))
    print(f"ok: without Cargo.lock, the same {len(unlocked)} crates as Cargo.lock, at other versions for {len(moved)}")
else:
    print(f"ok: without Cargo.lock, the resolution is exactly Cargo.lock's ({len(unlocked)} packages)")
PY
