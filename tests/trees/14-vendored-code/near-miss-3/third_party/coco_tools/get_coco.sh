#!/usr/bin/env bash
# Adapted from the torchvision detection references: download COCO 2017 into data/coco.
set -euo pipefail
mkdir -p data/coco && cd data/coco
wget -c http://images.cocodataset.org/zips/train2017.zip
wget -c http://images.cocodataset.org/zips/val2017.zip
wget -c http://images.cocodataset.org/annotations/annotations_trainval2017.zip
for f in *.zip; do unzip -q -o "$f"; done
