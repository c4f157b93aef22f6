#!/usr/bin/env bash
# Benchmark: incident-mapper geocode vs GDAL ogr2ogr on the same 1,000,000 rows.
# Usage: bench/run.sh [ROWS] [RUNS]      (needs gdal-bin; writes into bench/work/)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
RUNS=${2:-3}
W=bench/work
SHARED=../shared/data
. bench/measure.sh
PAUSE=2
ensure_incidents "$ROWS"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(ogr2ogr --version); $($BIN --version)"
echo "input: $ROWS rows, $(du -h "$W/names_$ROWS.csv" | cut -f1)"


measure "ogr2ogr CSV (with coordinates) -> GeoJSON" \
  ogr2ogr -f GeoJSON "$W/ogr.geojson" "$W/coords_$ROWS.csv" -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude
measure "incident-mapper geocode (by name, embedded gazetteer)" \
  $BIN geocode "$W/names_$ROWS.csv" -o "$W/im_names.geojson"
measure "incident-mapper geocode (by name, + GeoNames Balochistan)" \
  $BIN geocode "$W/names_$ROWS.csv" -o "$W/im_names_gn.geojson" --gazetteer "$SHARED/gazetteer/balochistan_geonames.txt"
measure "incident-mapper geocode (rows with coordinates)" \
  $BIN geocode "$W/coords_$ROWS.csv" -o "$W/im_coords.geojson"
echo
echo "what the by-name runs resolved:"
$BIN geocode "$W/names_$ROWS.csv" -o "$W/im_names.geojson" 2>&1 | tail -1
$BIN geocode "$W/names_$ROWS.csv" -o "$W/im_names_gn.geojson" --gazetteer "$SHARED/gazetteer/balochistan_geonames.txt" 2>&1 | tail -1
ls -l "$W"/ogr.geojson "$W"/im_*.geojson
