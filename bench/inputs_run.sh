#!/usr/bin/env bash
# Benchmark (issue #5): an ACLED-layout file of 1,000,000 rows (31 columns, 390-410 MB),
#  - geocode with coordinates vs GDAL's ogr2ogr converting the same CSV to GeoJSON;
#  - geocode by name (no coordinates) vs a pandas + rapidfuzz script (bench/geocode_pandas.py);
# and 10,000,000 rows streamed through geocode for peak memory (goal < 300 MB).
# Needs gdal-bin, `pip install pandas geopandas rapidfuzz`. Outputs go to bench/work/ (several GB; deleted after).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
W=bench/work
GN=../shared/data/gazetteer/balochistan_geonames.txt
. bench/measure.sh
SHOW_STDOUT=1 PAUSE=2
[ -f "$W/acled_coords_1m.csv" ] || python3 bench/gen_incidents.py 1000000 "$W/acled_names_1m.csv" "$W/acled_coords_1m.csv" "$GN" --acled
python3 -c "import pandas, geopandas, rapidfuzz; print('pandas', pandas.__version__, 'geopandas', geopandas.__version__, 'rapidfuzz', rapidfuzz.__version__)"
ogr2ogr --version

CLEAN="$W/ogr.geojson" measure "ogr2ogr CSV -> GeoJSON, 1M ACLED rows with coordinates" \
  ogr2ogr -f GeoJSON "$W/ogr.geojson" "$W/acled_coords_1m.csv" -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude
CLEAN="$W/im.geojson" measure "incident-mapper geocode, 1M ACLED rows with coordinates" \
  $BIN geocode -q "$W/acled_coords_1m.csv" -o "$W/im.geojson"
CLEAN="$W/pd.geojson" measure "pandas + rapidfuzz by name, 1M ACLED rows" \
  python3 bench/geocode_pandas.py "$W/acled_names_1m.csv" "$W/pd.geojson"
CLEAN="$W/im.geojson" measure "incident-mapper geocode by name, 1M ACLED rows" \
  $BIN geocode -q "$W/acled_names_1m.csv" -o "$W/im.geojson"

# 10,000,000 rows: the 1M file ten times over (same header once), streamed; memory must stay flat.
if [ ! -f "$W/acled_names_10m.csv" ]; then
  head -1 "$W/acled_names_1m.csv" > "$W/acled_names_10m.csv"
  for i in $(seq 10); do tail -n +2 "$W/acled_names_1m.csv" >> "$W/acled_names_10m.csv"; done
fi
RUNS=1 CLEAN="$W/im10.geojsons" measure "incident-mapper geocode by name, 10M ACLED rows (GeoJSON Text Sequences)" \
  $BIN geocode -q "$W/acled_names_10m.csv" -o "$W/im10.geojsons"
RUNS=1 CLEAN="$W/c10.csv" measure "incident-mapper count --by district,month, 10M ACLED rows" \
  $BIN count -q "$W/acled_names_10m.csv" --by district,month --format csv -o "$W/c10.csv"
