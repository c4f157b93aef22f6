#!/usr/bin/env bash
# Benchmark for issue 12 (one loader for CSV and GeoJSON, dates and bounds checked, outputs written safely):
# the same commands with the binary before the issue (BASE, a git revision) and now, side by side with
# geopandas on the same GeoJSON. Needs bench/run.sh's data (made when missing) and geopandas + matplotlib.
# Usage: bench/outputs_run.sh [BASE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-c4f935c}
RUNS=${2:-3}
W=bench/work
SHARED=../shared/data
D=$SHARED/boundaries/balochistan_districts_osm2023.geojson
. bench/measure.sh
NOW=$BIN
OLD=$W/base-$BASE/target/release/incident-mapper
if [ ! -x "$OLD" ]; then
  rm -rf "$W/base-$BASE"
  git worktree add -f "$W/base-$BASE" "$BASE" >/dev/null
  (cd "$W/base-$BASE" && cargo build --release -q)
fi
ensure_incidents 1000000
if [ ! -f "$W/map_100k.geojson" ]; then
  head -100001 "$W/coords_1000000.csv" > "$W/coords_100k.csv"
  $NOW geocode -q "$W/coords_100k.csv" -o "$W/map_100k.geojson"
fi
echo "machine: $(nproc) cores; base $BASE; now $(git rev-parse --short HEAD)"
python3 -c "import geopandas, matplotlib; print('geopandas', geopandas.__version__, 'matplotlib', matplotlib.__version__)"

measure "geopandas: count map_100k.geojson per district" \
  python3 bench/count_geojson_geopandas.py "$W/map_100k.geojson" "$D" "$W/gpd_counts.csv"
measure "before: count map_100k.geojson --districts" $OLD count -q "$W/map_100k.geojson" --districts "$D" --format csv -o "$W/old_counts.csv"
measure "now:    count map_100k.geojson --districts" $NOW count -q "$W/map_100k.geojson" --districts "$D" --format csv -o "$W/now_counts.csv"
measure "geopandas+matplotlib: map 100k points, 2000x2000" \
  python3 bench/map_matplotlib.py "$W/map_100k.geojson" "$D" "$SHARED/naturalearth" "$W/mpl_100k.png" 2000x2000
measure "before: map map_100k.geojson, 2000x2000" $OLD map -q "$W/map_100k.geojson" -o "$W/old_100k.png" --districts "$D" --size 2000x2000
measure "now:    map map_100k.geojson, 2000x2000" $NOW map -q "$W/map_100k.geojson" -o "$W/now_100k.png" --districts "$D" --size 2000x2000
measure "before: geocode names_1000000.csv" $OLD geocode -q "$W/names_1000000.csv" -o "$W/old_names.geojson"
measure "now:    geocode names_1000000.csv" $NOW geocode -q "$W/names_1000000.csv" -o "$W/now_names.geojson"
measure "before: count coords_1000000.csv --districts" $OLD count -q "$W/coords_1000000.csv" --districts "$D" --format csv -o "$W/old_c1m.csv"
measure "now:    count coords_1000000.csv --districts" $NOW count -q "$W/coords_1000000.csv" --districts "$D" --format csv -o "$W/now_c1m.csv"
echo
echo "same counts before and now (100k GeoJSON, 1M CSV):"
cmp "$W/old_counts.csv" "$W/now_counts.csv" && cmp "$W/old_c1m.csv" "$W/now_c1m.csv" && echo "  yes"
echo "geopandas against now (district,incidents; ours has fatalities too):"
python3 - "$W/gpd_counts.csv" "$W/now_counts.csv" <<'PY'
import csv, sys
g = {r['district']: int(r['incidents']) for r in csv.DictReader(open(sys.argv[1]))}
n = {r['district']: int(r['incidents']) for r in csv.DictReader(open(sys.argv[2]))}
diff = {k: (g.get(k), n.get(k)) for k in set(g) | set(n) if g.get(k, 0) != n.get(k, 0) and k in g}
print('  districts that differ:', diff or 'none')
PY
