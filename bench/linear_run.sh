#!/usr/bin/env bash
# Benchmark: linear time in input size (issue 14). `extract` of one text file of 1, 2, 4 and 48 MB (synthetic
# news paragraphs naming Turbat, Quetta, Gwadar, ...), and `geocode` of one location field of 2,000 to 16,000 words
# and of 50 MB. OLD=path/to/an/older/binary adds its figures beside (skipping the sizes it cannot finish in 60 s).
# Usage: bench/linear_run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1}
W=bench/work
. bench/measure.sh
python3 bench/gen_long.py "$W"
for mb in 1 2 4 48; do
  measure "extract, one ${mb} MB text" $BIN extract -q "$W/text$mb.txt" -o "$W/extract_$mb.csv"
  if [ -n "${OLD:-}" ] && [ "$mb" -le 4 ]; then
    measure "extract, one ${mb} MB text (OLD)" timeout 60 "$OLD" extract -q "$W/text$mb.txt" -o "$W/extract_old_$mb.csv"
  fi
done
for n in 2000 4000 8000 16000; do
  measure "geocode, one location of $n words" $BIN geocode -q "$W/long$n.csv" -o /dev/null
  if [ -n "${OLD:-}" ]; then
    measure "geocode, one location of $n words (OLD)" "$OLD" geocode -q "$W/long$n.csv" -o /dev/null
  fi
done
measure "geocode, one 50 MB location field" $BIN geocode -q "$W/huge.csv" -o /dev/null
