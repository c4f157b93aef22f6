#!/usr/bin/env bash
# Benchmark (issue 15): 1,000,000 rows geocoded by name to GeoParquet, FlatGeobuf and GeoJSON — time, peak memory,
# file size; geopandas writing the same geocoded rows as GeoParquet (the peer); count and map reading each back; and
# DuckDB's time to count incidents per district from the GeoParquet and from the GeoJSON (bench/duckdb_count.py).
# PYTHON names a python with duckdb, geopandas and pyarrow (default python3).
# Usage: bench/columnar_run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1}
W=bench/work
PY=${PYTHON:-python3}
. bench/measure.sh
ensure_incidents 1000000
IN=$W/names_1000000.csv
echo "machine: $(nproc) cores; $(git rev-parse --short HEAD); $($PY -c 'import duckdb, geopandas, pyarrow; print("duckdb", duckdb.__version__, "geopandas", geopandas.__version__, "pyarrow", pyarrow.__version__)')"
ls -l "$IN"
# Writing: the same 1M rows to each format (kept for the reading steps below).
measure "geocode 1M by name -> GeoJSON" $BIN geocode -q "$IN" -o "$W/col.geojson"
measure "geocode 1M by name -> GeoParquet" $BIN geocode -q "$IN" -o "$W/col.parquet"
measure "geocode 1M by name -> FlatGeobuf" $BIN geocode -q "$IN" -o "$W/col.fgb"
measure "geocode 1M by name -> CSV" $BIN geocode -q "$IN" -o "$W/col.csv"
measure "geopandas: the geocoded CSV -> GeoParquet (peer)" $PY bench/geoparquet_geopandas.py "$W/col.csv" "$W/col_geopandas.parquet"
ls -l "$W/col.geojson" "$W/col.parquet" "$W/col.fgb" "$W/col.csv" "$W/col_geopandas.parquet"
# Reading back.
measure "count, from GeoParquet" $BIN count -q "$W/col.parquet" -o "$W/col_counts_parquet.csv"
measure "count, from GeoJSON" $BIN count -q "$W/col.geojson" -o "$W/col_counts_geojson.csv"
measure "map, from GeoParquet" $BIN map -q "$W/col.parquet" -o "$W/col_map_parquet.png"
measure "map, from GeoJSON" $BIN map -q "$W/col.geojson" -o "$W/col_map_geojson.png"
SHOW_STDOUT=1 STEP_RE="query" measure "DuckDB: per district from GeoParquet" $PY bench/duckdb_count.py "$W/col.parquet"
SHOW_STDOUT=1 STEP_RE="query" measure "DuckDB: per district from GeoJSON" $PY bench/duckdb_count.py "$W/col.geojson"
cmp -s "$W/col_counts_parquet.csv" "$W/col_counts_geojson.csv" && echo "count: the same bytes from both" || echo "count: DIFFERENT"
$PY bench/duckdb_count.py "$W/col.parquet" | cut -d';' -f1-2 > "$W/col_duck_parquet.txt"
$PY bench/duckdb_count.py "$W/col.geojson" | cut -d';' -f1-2 > "$W/col_duck_geojson.txt"
cmp -s "$W/col_duck_parquet.txt" "$W/col_duck_geojson.txt" && echo "DuckDB: the same counts from both" || echo "DuckDB: DIFFERENT"
