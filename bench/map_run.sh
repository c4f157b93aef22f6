#!/usr/bin/env bash
# Benchmark: incident-mapper map vs geopandas + matplotlib, 100,000 incidents, 34 districts, 2000x2000;
# and a choropleth of 1,000,000 incidents. Needs bench/run.sh's data (it makes it when missing) and
# `pip install geopandas matplotlib`.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
W=bench/work
SHARED=../shared/data
D=$SHARED/boundaries/balochistan_districts_osm2023.geojson
cargo build --release -q
BIN=target/release/incident-mapper
mkdir -p "$W"
[ -f "$W/coords_1000000.csv" ] || python3 bench/gen_incidents.py 1000000 "$W/names_1000000.csv" "$W/coords_1000000.csv" \
  "$SHARED/gazetteer/balochistan_geonames.txt"
if [ ! -f "$W/map_100k.geojson" ]; then
  head -100001 "$W/coords_1000000.csv" > "$W/coords_100k.csv"
  $BIN geocode -q "$W/coords_100k.csv" -o "$W/map_100k.geojson"
fi
python3 -c "import geopandas, matplotlib; print('geopandas', geopandas.__version__, 'matplotlib', matplotlib.__version__)"

measure() { # label, command...
  local label=$1; shift
  local all=()
  for i in $(seq "$RUNS"); do
    sync; sleep 1
    /usr/bin/time -f "%e %M" -o "$W/time.txt" "$@" >"$W/stdout.txt" 2>"$W/stderr.txt" || { cat "$W/stderr.txt"; exit 1; }
    read -r secs kb < "$W/time.txt"
    all+=("$secs")
    printf '%-62s run %d: %6.2f s  peak RSS %7.1f MB  %s\n' "$label" "$i" "$secs" "$(echo "$kb/1024" | bc -l)" "$(tr '\n' ' ' < "$W/stdout.txt")"
  done
  printf '%-62s median: %6.2f s\n' "$label" "$(printf '%s\n' "${all[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
}

measure "geopandas+matplotlib: 100k points, 34 districts, 2000x2000" \
  python3 bench/map_matplotlib.py "$W/map_100k.geojson" "$D" "$SHARED/naturalearth" "$W/mpl_100k.png" 2000x2000
measure "incident-mapper map: 100k points, 34 districts, 2000x2000" \
  $BIN map -q "$W/map_100k.geojson" -o "$W/im_100k.png" --districts "$D" --size 2000x2000
measure "incident-mapper map: choropleth, 0 incidents (drawing only)" \
  $BIN map -q "$W/empty.geojson" -o "$W/im_choro0.png" --districts "$D" --size 2000x2000 --style choropleth
measure "incident-mapper map: choropleth of 1,000,000 incidents (CSV)" \
  $BIN map -q "$W/coords_1000000.csv" -o "$W/im_choro.png" --districts "$D" --size 2000x2000 --style choropleth
