#!/usr/bin/env bash
set -euo pipefail
mkdir -p data
curl -sSfL -o data/crm_export.csv "https://exports.acme-internal.example/crm/latest/crm_export.csv"
echo "data fingerprint: $(sha256sum data/crm_export.csv | cut -c 1-12)"
echo "rows: $(wc -l < data/crm_export.csv)"
