#!/usr/bin/env bash
# Benchmark (issue #6): `extract` throughput on news text with the GeoNames gazetteer of Balochistan.
# The corpus: the five seed articles (../shared/seeds, 6,787 words) copied 400 times = 2,000 documents
# (they are not committed; the copies are made in bench/work/). Goal: at least 1,000 documents per second.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
W=bench/work/extract_docs
GN=../shared/data/gazetteer/balochistan_geonames.txt
cargo build --release -q --bin incident-mapper
BIN=target/release/incident-mapper
rm -rf "$W"; mkdir -p "$W"
for i in $(seq -w 400); do for f in ../shared/seeds/*.txt; do cp "$f" "$W/${i}_$(basename "$f")"; done; done
N=$(ls "$W" | wc -l)
echo "$N documents, $(cat "$W"/*.txt | wc -w) words"
for label in "embedded gazetteer" "embedded + GeoNames Balochistan (16,202 places)"; do
  extra=(); [ "$label" = "embedded gazetteer" ] || extra=(--gazetteer "$GN")
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o bench/work/time.txt "$BIN" extract -q "$W"/*.txt "${extra[@]}" --published 2025-06-15 \
      -o bench/work/mentions.csv --incidents bench/work/incidents.csv
    read -r secs kb < bench/work/time.txt
    printf '%-52s run %d: %6.2f s  %7.0f docs/s  peak RSS %6.1f MB  (%s mention rows)\n' "$label" "$i" "$secs" \
      "$(echo "$N/$secs" | bc -l)" "$(echo "$kb/1024" | bc -l)" "$(($(wc -l < bench/work/mentions.csv) - 1))"
  done
done
# The same documents one process per document (a pipeline feeding one article at a time).
start=$(date +%s.%N)
for f in $(ls "$W"/*.txt | head -200); do "$BIN" extract -q "$f" --gazetteer "$GN" -o /dev/null; done
end=$(date +%s.%N)
printf 'one process per document, GeoNames, 200 documents: %.2f s (%.0f docs/s, gazetteer loaded each time)\n' \
  "$(echo "$end-$start" | bc -l)" "$(echo "200/($end-$start)" | bc -l)"
rm -rf "$W"
