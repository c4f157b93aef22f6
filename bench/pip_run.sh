#!/usr/bin/env bash
# Benchmark: 1,000,000 random points into the 34 districts of Balochistan and
# the 156 of Pakistan (OSM 2023): incident-mapper vs geopandas sjoin, same
# machine, same input, same run. Two measures each:
#   - end to end: read the CSV, locate every point, count per district, write;
#   - the point-in-polygon step alone (examples/pip.rs; geopandas' sjoin call).
# Also checks that both give the same count per district.
# Needs `pip install geopandas` (1.x, shapely 2).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
W=bench/work
B=../shared/data/boundaries
. bench/measure.sh
cargo build --release -q --example pip
PIP=target/release/examples/pip
[ -f "$W/pts_bal_1m.csv" ] || python3 bench/gen_points.py "$B/balochistan_districts_osm2023.geojson" 1000000 "$W/pts_bal_1m.csv"
[ -f "$W/pts_pak_1m.csv" ] || python3 bench/gen_points.py "$B/pakistan_districts_osm2023.geojson" 1000000 "$W/pts_pak_1m.csv"
python3 -c "import geopandas, shapely; print('geopandas', geopandas.__version__, 'shapely', shapely.__version__)"
nproc; grep -m1 'model name' /proc/cpuinfo || true

STEP_RE='(point-in-polygon|sjoin)'

for set in bal pak; do
  if [ $set = bal ]; then D=$B/balochistan_districts_osm2023.geojson; n=34; else D=$B/pakistan_districts_osm2023.geojson; n=156; fi
  P=$W/pts_${set}_1m.csv
  measure "geopandas read_csv+sjoin+value_counts, $n districts" python3 bench/pip_geopandas.py "$P" "$D" "$W/gp_$set.csv"
  cp "$W/stdout.txt" "$W/gp_$set.timing"
  measure "incident-mapper count --districts, $n districts" $BIN count -q "$P" --districts "$D" --format csv -o "$W/im_$set.csv"
  measure "incident-mapper point-in-polygon step (examples/pip), $n" $PIP "$D" "$P"
  # Same answer? geopandas' within leaves border points out; ties are rare with random points.
  python3 - "$W/gp_$set.csv" "$W/im_$set.csv" <<'PY'
import csv, sys
gp = {r["district"]: int(r["points"]) for r in csv.DictReader(open(sys.argv[1]))}
im = {r["district"]: int(r["incidents"]) for r in csv.DictReader(open(sys.argv[2]))}
diff = {k: (gp.get(k, 0), im.get(k, 0)) for k in set(gp) | set(im) if gp.get(k, 0) != im.get(k, 0)}
print(f"agreement: {len(gp)} rows from geopandas, {len(im)} from incident-mapper; differences: {diff or 'none'}")
PY
done
