#!/usr/bin/env bash
# The GitHub Action's lint step (action.yml, "Lint"). The inputs arrive as environment variables,
# never through ${{ }} in a script, so no input can inject shell code:
#   INPUT_PATH, INPUT_FAIL_ON, INPUT_ARGS (split on spaces), INPUT_SARIF_FILE; GITHUB_OUTPUT.
# `--fail-on` is passed only when the input `fail-on` is set: otherwise the config's `fail-on`
# (or mlready's default, error) decides. Sets the output exit-code and exits with it.
set -euo pipefail

read -r -a extra <<< "${INPUT_ARGS:-}"
fail_on=()
if [ -n "${INPUT_FAIL_ON:-}" ]; then
  fail_on=(--fail-on "$INPUT_FAIL_ON")
fi
# `${a[@]+"${a[@]}"}`: an empty array expands to nothing, also under `set -u` in bash 3.2 (macOS).
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  mlready lint "${INPUT_PATH:-.}" --format sarif --fail-on never ${extra[@]+"${extra[@]}"} > "$INPUT_SARIF_FILE"
fi
set +e
# Annotations on the changed lines, and the readiness summary in $GITHUB_STEP_SUMMARY.
mlready lint "${INPUT_PATH:-.}" --format github ${fail_on[@]+"${fail_on[@]}"} ${extra[@]+"${extra[@]}"}
code=$?
set -e
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
exit "$code"
