#!/usr/bin/env bash
# Benchmark (issue 14): `run` on 200,000 rows by name — it geocodes, writes incidents.geojson, and draws and counts;
# before, it read its own GeoJSON back for the maps and counts; now one pass feeds them. OLD=path/to/an/older/binary
# adds its figures beside and checks that both write the same files. Usage: bench/run_pass_run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
W=bench/work
. bench/measure.sh
ensure_incidents 1000000
head -200001 "$W/names_1000000.csv" > "$W/names_200k.csv"
for b in "$BIN" ${OLD:+"$OLD"}; do
  tag=$([ "$b" = "$BIN" ] && echo now || echo OLD)
  SOURCE_DATE_EPOCH=1796342400 measure "run, 200k rows by name ($tag)" $b run -q "$W/names_200k.csv" -o "$W/run_$tag"
done
if [ -n "${OLD:-}" ]; then
  for f in incidents.geojson unmatched.csv counts_by_district.csv districts.geojson map.png map_districts.png; do
    cmp -s "$W/run_now/$f" "$W/run_OLD/$f" && echo "same bytes: $f" || echo "DIFFERENT: $f"
  done
fi
