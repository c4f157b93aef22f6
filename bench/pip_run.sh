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
cargo build --release -q --bin incident-mapper --example pip
BIN=target/release/incident-mapper
PIP=target/release/examples/pip
mkdir -p "$W"
[ -f "$W/pts_bal_1m.csv" ] || python3 bench/gen_points.py "$B/balochistan_districts_osm2023.geojson" 1000000 "$W/pts_bal_1m.csv"
[ -f "$W/pts_pak_1m.csv" ] || python3 bench/gen_points.py "$B/pakistan_districts_osm2023.geojson" 1000000 "$W/pts_pak_1m.csv"
python3 -c "import geopandas, shapely; print('geopandas', geopandas.__version__, 'shapely', shapely.__version__)"
nproc; grep -m1 'model name' /proc/cpuinfo || true

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # label, command...
  local label=$1; shift
  local all=() inner=()
  for i in $(seq "$RUNS"); do
    sync; sleep 1
    /usr/bin/time -f "%e %M" -o "$W/time.txt" "$@" >"$W/stdout.txt" 2>"$W/stderr.txt" || { cat "$W/stderr.txt"; exit 1; }
    read -r secs kb < "$W/time.txt"
    all+=("$secs")
    # The step alone, as the program reports it.
    local step
    step=$(grep -oE '(point-in-polygon|sjoin) [0-9.]+ s' "$W/stdout.txt" "$W/stderr.txt" | grep -oE '[0-9.]+ s' | head -1 | cut -d' ' -f1 || true)
    [ -n "$step" ] && inner+=("$step")
    printf '%-58s run %d: %6.2f s  peak RSS %7.1f MB  %s\n' "$label" "$i" "$secs" "$(echo "$kb/1024" | bc -l)" "${step:+step $step s}"
  done
  printf '%-58s median: %6.2f s%s\n' "$label" "$(printf '%s\n' "${all[@]}" | median)" \
    "$([ ${#inner[@]} -gt 0 ] && printf '  (step alone: %s s)' "$(printf '%s\n' "${inner[@]}" | median)")"
}

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
