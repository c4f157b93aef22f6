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
. bench/measure.sh
SHOW_STDOUT=1   # the programs print their own steps
ensure_incidents 1000000
if [ ! -f "$W/map_100k.geojson" ]; then
  head -100001 "$W/coords_1000000.csv" > "$W/coords_100k.csv"
  $BIN geocode -q "$W/coords_100k.csv" -o "$W/map_100k.geojson"
fi
python3 -c "import geopandas, matplotlib; print('geopandas', geopandas.__version__, 'matplotlib', matplotlib.__version__)"

measure "geopandas+matplotlib: 100k points, 34 districts, 2000x2000" \
  python3 bench/map_matplotlib.py "$W/map_100k.geojson" "$D" "$SHARED/naturalearth" "$W/mpl_100k.png" 2000x2000
measure "incident-mapper map: 100k points, 34 districts, 2000x2000" \
  $BIN map -q "$W/map_100k.geojson" -o "$W/im_100k.png" --districts "$D" --size 2000x2000
measure "incident-mapper map: choropleth, 0 incidents (drawing only)" \
  $BIN map -q "$W/empty.geojson" -o "$W/im_choro0.png" --districts "$D" --size 2000x2000 --style choropleth
measure "incident-mapper map: choropleth of 1,000,000 incidents (CSV)" \
  $BIN map -q "$W/coords_1000000.csv" -o "$W/im_choro.png" --districts "$D" --size 2000x2000 --style choropleth
