#!/usr/bin/env bash
# Benchmark: the interactive map of 100,000 incidents — incident-mapper `map -o OUT.html` against folium
# (Python's Leaflet wrapper) on the same rows; then each page loaded in headless Chromium.
# Needs bench/run.sh's data (made when missing), Chromium, Leaflet unpacked in target/leaflet
# (see README) and `pip install folium`. Usage: bench/html_run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
W=bench/work
SHARED=../shared/data
D=$SHARED/boundaries/balochistan_districts_osm2023.geojson
PY=${PYTHON:-python3}
LEAFLET=target/leaflet
. bench/measure.sh
ensure_incidents 1000000
head -100001 "$W/coords_1000000.csv" > "$W/coords_100k.csv"
head -100001 "$W/names_1000000.csv" > "$W/names_100k.csv"
chromium --version
$PY -c "import folium; print('folium', folium.__version__)"

measure "incident-mapper map -o .html: 100k points (write the page)" \
  $BIN map -q "$W/coords_100k.csv" -o "$W/im_100k.html" --leaflet "$LEAFLET"
measure "incident-mapper map -o .html: 100k by name (write the page)" \
  $BIN map -q "$W/names_100k.csv" -o "$W/im_names_100k.html" --leaflet "$LEAFLET"
measure "folium, prefer_canvas: 100k points (write the page)" \
  $PY bench/html_folium.py "$W/coords_100k.csv" "$D" "$W/folium_100k.html"
# folium's page loads Leaflet (and jQuery, Bootstrap) from CDNs; point Leaflet at the local copy so that it can run offline.
sed -e "s#https://cdn.jsdelivr.net/npm/leaflet@1.9.[0-9]*/dist/leaflet.js#file://$PWD/$LEAFLET/package/dist/leaflet.js#" \
    -e "s#https://cdn.jsdelivr.net/npm/leaflet@1.9.[0-9]*/dist/leaflet.css#file://$PWD/$LEAFLET/package/dist/leaflet.css#" \
    "$W/folium_100k.html" > "$W/folium_100k_local.html"
ls -l "$W/im_100k.html" "$W/im_names_100k.html" "$W/folium_100k_local.html"

CHROME=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --allow-file-access-from-files --virtual-time-budget=60000 --dump-dom)
for page in im_100k im_names_100k; do
  for i in $(seq "$RUNS"); do
    s=$(date +%s.%N)
    "${CHROME[@]}" "file://$PWD/$W/$page.html" 2>/dev/null | grep -o '<div id="im-status"[^>]*>' > "$W/status.txt"
    e=$(date +%s.%N)
    printf '%-40s run %d: chromium %5.2f s wall; page: %s\n' "$page.html" "$i" "$(echo "$e - $s" | bc -l)" \
      "$(grep -o 'data-\(incidents\|markers\|shown\|merged\|errors\|load-ms\|apply-ms\)="[0-9]*"' "$W/status.txt" | tr '\n' ' ')"
  done
done
# A slider change: the same page with a date range preset (one recompute of markers and choropleth).
"${CHROME[@]}" "file://$PWD/$W/im_100k.html#from=2025-03-01&to=2025-05-31" 2>/dev/null | grep -o 'data-\(shown\|apply-ms\)="[0-9]*"' | tr '\n' ' '; echo
for i in $(seq "$RUNS"); do
  s=$(date +%s.%N)
  "${CHROME[@]}" "file://$PWD/$W/folium_100k_local.html" 2>/dev/null | wc -c > "$W/status.txt"
  e=$(date +%s.%N)
  printf '%-40s run %d: chromium %5.2f s wall (DOM %s bytes)\n' "folium_100k_local.html" "$i" "$(echo "$e - $s" | bc -l)" "$(cat "$W/status.txt")"
done
# Chromium alone, an empty page: the start-up cost inside every figure above.
echo '<!DOCTYPE html><p>empty</p>' > "$W/empty.html"
s=$(date +%s.%N); "${CHROME[@]}" "file://$PWD/$W/empty.html" >/dev/null 2>&1; e=$(date +%s.%N)
printf '%-40s chromium %5.2f s wall\n' "empty.html" "$(echo "$e - $s" | bc -l)"
