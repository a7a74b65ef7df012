# shellcheck shell=bash
# Shared by the integration scripts that install mlready without Rust (sourced, not run).

# Where the mlready-lint wheel is built: maturin from the Python package index, in its own
# virtual environment, with the release profile and Cargo.lock's resolution (the command
# .github/workflows/release.yml runs through maturin-action). Prints the wheel's path.
build_wheel() { # OUT_DIR
  local project out="$1" tools
  project="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  tools="$(mktemp -d)"
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.9,<2" >&2
  (cd "$project" && "$tools/venv/bin/maturin" build --release --locked --out "$out" >&2)
  rm -rf "$tools"
  the_wheel "$out"
}

# The one mlready-lint wheel in DIR (fails if there is none, or more than one).
the_wheel() { # DIR
  local wheels=("$1"/mlready_lint-*.whl)
  if [ ! -f "${wheels[0]}" ] || [ "${#wheels[@]}" -ne 1 ]; then
    echo "expected one mlready_lint-*.whl in $1, found: ${wheels[*]}" >&2
    return 1
  fi
  printf '%s\n' "${wheels[0]}"
}

# Cargo.toml's version: the one version of the crate, the wheel, the release and the hook mirror.
cargo_version() {
  local project
  project="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["package"]["version"])' \
    "$project/Cargo.toml"
}

# PATH without cargo, rustc or rustup: each PATH folder that holds one of them is replaced by a
# folder of links to everything else it holds. Links go under DIR. Fails if Rust is still found.
path_without_rust() { # DIR
  local links="$1" dir entry name out="" n=0
  local -a dirs
  IFS=: read -r -a dirs <<< "$PATH"
  for dir in "${dirs[@]}"; do
    [ -n "$dir" ] && [ -d "$dir" ] || continue
    if [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ] || [ -e "$dir/rustup" ]; then
      n=$((n + 1))
      mkdir -p "$links/$n"
      for entry in "$dir"/*; do
        name="${entry##*/}"
        case "$name" in
          cargo | cargo-* | rustc | rustup | rustdoc | rust-* | rustfmt | clippy-driver) ;;
          *) ln -s "$entry" "$links/$n/$name" ;;
        esac
      done
      dir="$links/$n"
    fi
    out="${out:+$out:}$dir"
  done
  if PATH="$out" command -v cargo > /dev/null 2>&1 || PATH="$out" command -v rustc > /dev/null 2>&1 \
    || PATH="$out" command -v rustup > /dev/null 2>&1; then
    echo "could not take Rust off PATH: $out" >&2
    return 1
  fi
  printf '%s\n' "$out"
}

# Serve DIR on 127.0.0.1 (tests/integrations/serve.py) in the background; sets server_url and
# server_pid, and appends "PATH STATUS" lines to LOG. The caller kills $server_pid when done.
# shellcheck disable=SC2034 # server_url and server_pid are for the caller
start_server() { # DIR LOG
  local project port_file="$2.port"
  project="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  : > "$2"
  python3 "$project/tests/integrations/serve.py" "$1" "$port_file" "$2" &
  server_pid=$!
  for _ in $(seq 100); do
    [ -s "$port_file" ] && break
    sleep 0.1
  done
  [ -s "$port_file" ] || { echo "the test server did not start" >&2; return 1; }
  server_url="http://127.0.0.1:$(cat "$port_file")"
}
