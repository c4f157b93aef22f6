#!/usr/bin/env bash
# Benchmark: 1,000,000 GeoJSON features as input (issue 14) — count, geocode and map of the tool's own geocode
# output (876 MB), against the same rows as CSV; OLD=path/to/an/older/binary adds its figures beside.
# Needs bench/run.sh's data (made when missing). Usage: bench/geojson_input_run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1}
W=bench/work
SHARED=../shared/data
. bench/measure.sh
ensure_incidents 1000000
[ -f "$W/now_names.geojson" ] || $BIN geocode -q "$W/names_1000000.csv" -o "$W/now_names.geojson"
ls -l "$W/names_1000000.csv" "$W/now_names.geojson"
for b in "$BIN" ${OLD:+"$OLD"}; do
  tag=$([ "$b" = "$BIN" ] && echo now || echo OLD)
  measure "count, 1M GeoJSON features ($tag)" $b count -q "$W/now_names.geojson" -o /dev/null
  measure "geocode, 1M GeoJSON features ($tag)" $b geocode -q "$W/now_names.geojson" -o /dev/null
  measure "map, 1M GeoJSON features ($tag)" $b map -q "$W/now_names.geojson" -o "$W/map_1m_geojson.png"
done
measure "count, the same 1M rows as CSV" $BIN count -q "$W/names_1000000.csv" -o /dev/null
measure "geocode, the same 1M rows as CSV" $BIN geocode -q "$W/names_1000000.csv" -o /dev/null
measure "map, the same 1M rows as CSV" $BIN map -q "$W/names_1000000.csv" -o "$W/map_1m_csv.png"
