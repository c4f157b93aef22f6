#!/usr/bin/env bash
# Benchmark: 1,000,000 GeoJSON features as input (issue 14) — count, geocode and map of the tool's own geocode
# output (876 MB), against the same rows and columns as CSV (geocode's CSV output, 260 MB); then geocode of 1M rows
# by name with the GeoNames file (peak memory). OLD=path/to/an/older/binary adds its figures beside, and checks that
# both binaries write the same bytes. Needs bench/run.sh's data (made when missing).
# Usage: bench/geojson_input_run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1}
W=bench/work
SHARED=../shared/data
GN=$SHARED/gazetteer/balochistan_geonames.txt
. bench/measure.sh
ensure_incidents 1000000
[ -f "$W/now_names.geojson" ] || $BIN geocode -q "$W/names_1000000.csv" -o "$W/now_names.geojson"
[ -f "$W/now_names.csv" ] || $BIN geocode -q "$W/names_1000000.csv" -o "$W/now_names.csv"
ls -l "$W/names_1000000.csv" "$W/now_names.geojson" "$W/now_names.csv"
echo "machine: $(nproc) cores; now $(git rev-parse --short HEAD)"
for b in "$BIN" ${OLD:+"$OLD"}; do
  tag=$([ "$b" = "$BIN" ] && echo now || echo OLD)
  measure "count, 1M GeoJSON features ($tag)" $b count -q "$W/now_names.geojson" -o /dev/null
  measure "geocode, 1M GeoJSON features ($tag)" $b geocode -q "$W/now_names.geojson" -o /dev/null
  measure "map, 1M GeoJSON features ($tag)" $b map -q "$W/now_names.geojson" -o "$W/map_1m_geojson_$tag.png"
  measure "count, the same rows as CSV ($tag)" $b count -q "$W/now_names.csv" -o /dev/null
  measure "geocode, the same rows as CSV ($tag)" $b geocode -q "$W/now_names.csv" -o /dev/null
  measure "map, the same rows as CSV ($tag)" $b map -q "$W/now_names.csv" -o "$W/map_1m_csv_$tag.png"
  measure "geocode, 1M rows by name, + GeoNames ($tag)" $b geocode -q "$W/names_1000000.csv" --gazetteer "$GN" -o /dev/null
done
if [ -n "${OLD:-}" ]; then
  # The same bytes from both binaries (written once each, not timed).
  for b in "$BIN" "$OLD"; do
    tag=$([ "$b" = "$BIN" ] && echo now || echo OLD)
    $b count -q "$W/now_names.geojson" -o "$W/gj_counts_$tag.csv"
    $b geocode -q "$W/now_names.geojson" -o "$W/gj_geocoded_$tag.csv"
    $b geocode -q "$W/names_1000000.csv" --gazetteer "$GN" -o "$W/gn_geocoded_$tag.geojson"
  done
  for f in gj_counts_%s.csv gj_geocoded_%s.csv map_1m_geojson_%s.png map_1m_csv_%s.png gn_geocoded_%s.geojson; do
    a=$W/$(printf "$f" now) b=$W/$(printf "$f" OLD)
    cmp -s "$a" "$b" && echo "same bytes: $a $b" || echo "DIFFERENT: $a $b"
  done
fi
