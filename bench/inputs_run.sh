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
cargo build --release -q --bin incident-mapper
BIN=target/release/incident-mapper
mkdir -p "$W"
[ -f "$W/acled_coords_1m.csv" ] || python3 bench/gen_incidents.py 1000000 "$W/acled_names_1m.csv" "$W/acled_coords_1m.csv" "$GN" --acled
python3 -c "import pandas, geopandas, rapidfuzz; print('pandas', pandas.__version__, 'geopandas', geopandas.__version__, 'rapidfuzz', rapidfuzz.__version__)"
ogr2ogr --version

measure() { # label, output to delete, command...
  local label=$1 out=$2; shift 2
  local all=()
  for i in $(seq "$RUNS"); do
    rm -f "$out"; sync; sleep 2
    /usr/bin/time -f "%e %M %U %S" -o "$W/time.txt" "$@" >"$W/stdout.txt" 2>"$W/stderr.txt" || { cat "$W/stderr.txt"; exit 1; }
    read -r secs kb user sys < "$W/time.txt"
    all+=("$secs")
    printf '%-64s run %d: %6.2f s (user %5.2f, sys %5.2f)  peak RSS %7.1f MB  %s\n' "$label" "$i" "$secs" "$user" "$sys" \
      "$(echo "$kb/1024" | bc -l)" "$(tr '\n' ' ' < "$W/stdout.txt" | cut -c1-80)"
  done
  printf '%-64s median: %6.2f s\n' "$label" "$(printf '%s\n' "${all[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  rm -f "$out"
}

measure "ogr2ogr CSV -> GeoJSON, 1M ACLED rows with coordinates" "$W/ogr.geojson" \
  ogr2ogr -f GeoJSON "$W/ogr.geojson" "$W/acled_coords_1m.csv" -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude
measure "incident-mapper geocode, 1M ACLED rows with coordinates" "$W/im.geojson" \
  $BIN geocode -q "$W/acled_coords_1m.csv" -o "$W/im.geojson"
measure "pandas + rapidfuzz by name, 1M ACLED rows" "$W/pd.geojson" \
  python3 bench/geocode_pandas.py "$W/acled_names_1m.csv" "$W/pd.geojson"
measure "incident-mapper geocode by name, 1M ACLED rows" "$W/im.geojson" \
  $BIN geocode -q "$W/acled_names_1m.csv" -o "$W/im.geojson"

# 10,000,000 rows: the 1M file ten times over (same header once), streamed; memory must stay flat.
if [ ! -f "$W/acled_names_10m.csv" ]; then
  head -1 "$W/acled_names_1m.csv" > "$W/acled_names_10m.csv"
  for i in $(seq 10); do tail -n +2 "$W/acled_names_1m.csv" >> "$W/acled_names_10m.csv"; done
fi
RUNS=1 measure "incident-mapper geocode by name, 10M ACLED rows (GeoJSON Text Sequences)" "$W/im10.geojsons" \
  $BIN geocode -q "$W/acled_names_10m.csv" -o "$W/im10.geojsons"
RUNS=1 measure "incident-mapper count --by district,month, 10M ACLED rows" "$W/c10.csv" \
  $BIN count -q "$W/acled_names_10m.csv" --by district,month --format csv -o "$W/c10.csv"
