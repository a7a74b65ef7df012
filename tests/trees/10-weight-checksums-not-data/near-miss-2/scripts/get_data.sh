#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/../data"
for f in training-parallel-europarl-v7.tgz training-parallel-commoncrawl.tgz training-parallel-nc-v9.tgz; do
  wget -nc "https://statmt.org/wmt13/$f"
done
wget -nc "https://statmt.org/wmt14/test-full.tgz"
sha256sum -c SHA256SUMS
for f in *.tgz; do tar -xzf "$f"; done
