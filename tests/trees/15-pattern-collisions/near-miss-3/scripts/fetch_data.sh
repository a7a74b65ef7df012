#!/usr/bin/env bash
set -euo pipefail
mkdir -p data
curl -sSfL -o data/crm_export.csv "https://exports.acme-internal.example/crm/2024-05-27/crm_export.csv"
shasum -a 256 -c data/crm_export.sha256
echo "rows: $(wc -l < data/crm_export.csv | cut -c 1-10)"
