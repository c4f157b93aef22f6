#!/usr/bin/env bash
# Benchmark: the figures of issue 14, as ../shared/peers/README.md takes them — `count` of 1,000,000 points into the
# 34 districts against peer_count.py (pandas + geopandas sjoin), and `map` of 100,000 points at 2000x2000 against
# peer_map.py (geopandas + matplotlib); same machine, same run, same input. Needs a venv with geopandas, matplotlib,
# pyogrio (PYTHON=/path/to/venv/bin/python). Usage: bench/peers_run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
W=bench/work
SHARED=../shared
D=$SHARED/data/boundaries/balochistan_districts_osm2023.geojson
PY=${PYTHON:-python3}
. bench/measure.sh
[ -f "$W/peer_points_1m.csv" ] || python3 bench/gen_peer_points.py "$SHARED/data/gazetteer/balochistan_geonames.txt" 1000000 "$W/peer_points_1m.csv"
if [ ! -f "$W/peer_points_100k.geojson" ]; then
  head -100001 "$W/peer_points_1m.csv" > "$W/peer_points_100k.csv"
  ogr2ogr -f GeoJSON "$W/peer_points_100k.geojson" "$W/peer_points_100k.csv" -oo X_POSSIBLE_NAMES=longitude \
    -oo Y_POSSIBLE_NAMES=latitude -lco RFC7946=YES -lco COORDINATE_PRECISION=6
fi
ls -l "$W/peer_points_1m.csv" "$W/peer_points_100k.geojson"
$PY -c "import geopandas, matplotlib; print('geopandas', geopandas.__version__, 'matplotlib', matplotlib.__version__)"
measure "peer_count.py: 1M points, 34 districts" $PY "$SHARED/peers/peer_count.py" "$W/peer_points_1m.csv" "$D" "$W/peer_counts.csv"
measure "incident-mapper count: 1M points, 34 districts" \
  $BIN count "$W/peer_points_1m.csv" --districts "$D" --by district --format csv -o "$W/im_peer_counts.csv" -q
# The counts agree (the peer's first match on a shared border aside).
python3 - "$W/peer_counts.csv" "$W/im_peer_counts.csv" <<'PY'
import csv, sys
peer = {r["district"]: int(r["incidents"]) for r in csv.DictReader(open(sys.argv[1]))}
im = {r["district"]: int(r["incidents"]) for r in csv.DictReader(open(sys.argv[2]))}
diff = {k: (peer.get(k), im.get(k)) for k in set(peer) | set(im) if peer.get(k, 0) != im.get(k, 0)}
print("counts differ in", len(diff), "rows:", dict(list(diff.items())[:6]))
PY
measure "peer_map.py: 100k points, 34 districts, 2000x2000" $PY "$SHARED/peers/peer_map.py" "$W/peer_points_100k.geojson" "$D" "$W/peer_map.png"
measure "incident-mapper map: 100k points, 34 districts, 2000x2000" \
  $BIN map "$W/peer_points_100k.geojson" -o "$W/im_peer_map.png" --districts "$D" --size 2000x2000 -q
