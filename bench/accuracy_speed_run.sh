#!/usr/bin/env bash
# Benchmark (issue 11): is place resolution that weighs evidence as fast as before?
# The 1M-row by-name geocode of bench/run.sh and the 2,000-document extract of bench/extract_run.sh,
# run with the binary of a base commit (default 87825cb, before issue 11) and with the current one,
# alternating, on the same inputs in the same run.
# Usage: bench/accuracy_speed_run.sh [RUNS] [BASE_COMMIT]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
BASE=${2:-87825cb}
W=bench/work
GN=../shared/data/gazetteer/balochistan_geonames.txt
. bench/measure.sh
NEW=$BIN
# The base binary, built once in a worktree of its own.
OLD=${BASE_BIN:-/tmp/base-$BASE/target/release/incident-mapper}
if [ ! -x "$OLD" ]; then
  git worktree add -f "/tmp/base-$BASE" "$BASE" -q
  (cd "/tmp/base-$BASE" && cargo build --release -q --bin incident-mapper)
fi
ROWS=1000000
ensure_incidents "$ROWS"
D=$W/extract_docs
rm -rf "$D"; mkdir -p "$D"
for i in $(seq -w 400); do for f in ../shared/seeds/*.txt; do cp "$f" "$D/${i}_$(basename "$f")"; done; done
echo "machine: $(nproc) cores; base $BASE vs $(git rev-parse --short HEAD)"
run() { # label, command...   (the previous output is removed first: replacing an 870 MB file costs
  # this VM seconds of I/O wait, whichever binary writes it)
  local label=$1; shift
  rm -f "$W"/acc_*; sync; sleep 2
  /usr/bin/time -f "%e %M %U %S" -o "$W/time.txt" "$@" >/dev/null 2>"$W/stderr.txt" || { cat "$W/stderr.txt"; exit 1; }
  read -r secs kb user sys < "$W/time.txt"
  printf '%-40s wall %5.2f s  cpu %5.2f s  peak RSS %6.1f MB\n' "$label" "$secs" "$(echo "$user+$sys" | bc -l)" \
    "$(echo "$kb/1024" | bc -l)"
}
for i in $(seq "$RUNS"); do
  for bin in "$OLD" "$NEW"; do
    tag=$([ "$bin" = "$OLD" ] && echo "base" || echo "now ")
    run "$tag geocode 1M by name, embedded" "$bin" geocode "$W/names_$ROWS.csv" -o "$W/acc_names.geojson" -q
    run "$tag geocode 1M by name, + GeoNames" "$bin" geocode "$W/names_$ROWS.csv" -o "$W/acc_names_gn.geojson" -q \
      --gazetteer "$GN"
    run "$tag extract 2,000 docs, + GeoNames" "$bin" extract -q "$D"/*.txt --gazetteer "$GN" --published 2025-06-15 \
      -o "$W/acc_mentions.csv"
    echo "  ($tag: $(($(wc -l < "$W/acc_mentions.csv") - 1)) mention rows from 2,000 documents)"
  done
done
rm -rf "$D"
