"""Reads a GeoParquet file written by incident-mapper back with the clients
users hand it to — DuckDB and geopandas — and compares every row with the
GeoJSON of the same run: same count, same coordinates, same typed values.

    python columnar_readback.py OUT.parquet OUT.geojson

Prints one JSON line of what it found; exits 1 with a message on the first
difference. Run by tests/test_columnar.rs (CI installs duckdb, geopandas).
"""

import datetime
import json
import struct
import sys

import duckdb
import geopandas as gpd

parquet_path, geojson_path = sys.argv[1], sys.argv[2]
features = json.load(open(geojson_path, encoding="utf-8"))["features"]
n = len(features)
report = {"rows": n}


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def same(a, b):
    """A GeoJSON property value and a client's value, compared as written."""
    if isinstance(b, (datetime.date, datetime.datetime)):
        b = b.isoformat()[:10]
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        return isinstance(b, (int, float)) and float(a) == float(b)
    return a == b


# --- DuckDB: read_parquet, core SQL only (the spatial extension is not
# installable offline; DuckDB >= 1.5 reads GeoParquet geometry as its core
# GEOMETRY type, whose text cast is WKT; the WKB bytes are decoded besides).
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                         [parquet_path]).fetchall())
want = {"geo_score": "DOUBLE", "geo_precision": "BIGINT", "geo_candidates": "BIGINT", "geo_date": "DATE",
        "geo_date_end": "DATE", "geo_fatalities": "BIGINT", "geo_name": "VARCHAR", "geo_district": "VARCHAR"}
for col, t in want.items():
    if col in types and types[col] != t:
        fail(f"duckdb: {col} is {types[col]}, expected {t}")
report["duckdb_geometry_type"] = types.get("geometry")
try:
    con.execute("LOAD spatial")
    wkt_sql = "ST_AsText(geometry)"
    report["duckdb_spatial"] = True
except Exception:
    wkt_sql = "geometry::VARCHAR"
    report["duckdb_spatial"] = False
count = con.execute("SELECT count(*) FROM read_parquet(?)", [parquet_path]).fetchone()[0]
if count != n:
    fail(f"duckdb counts {count} rows, the GeoJSON {n}")
cur = con.execute(f"SELECT *, {wkt_sql} AS _wkt, geometry::BLOB AS _wkb FROM read_parquet(?)", [parquet_path])
names = [d[0] for d in cur.description]
rows = [dict(zip(names, r)) for r in cur.fetchall()]
for i, (r, f) in enumerate(zip(rows, features)):
    for k, v in f["properties"].items():
        if not same(v, r.get(k)):
            fail(f"duckdb row {i + 1}: {k} = {r.get(k)!r}, the GeoJSON has {v!r}")
    g = f["geometry"]
    if g is None:
        if r["_wkb"] is not None or r["bbox"] is not None:
            fail(f"duckdb row {i + 1}: a geometry or bbox where the GeoJSON has none")
        continue
    x, y = g["coordinates"]
    order, kind, wx, wy = struct.unpack("<BIdd", r["_wkb"])
    if (order, kind, wx, wy) != (1, 1, x, y):
        fail(f"duckdb row {i + 1}: WKB {(order, kind, wx, wy)}, the GeoJSON has POINT ({x} {y})")
    wkt = r["_wkt"].replace("POINT(", "POINT (")
    px, py = (float(v) for v in wkt[len("POINT ("):-1].split())
    if (px, py) != (x, y):
        fail(f"duckdb row {i + 1}: {wkt}, the GeoJSON has POINT ({x} {y})")
    b = r["bbox"]
    if (b["xmin"], b["ymin"], b["xmax"], b["ymax"]) != (x, y, x, y):
        fail(f"duckdb row {i + 1}: bbox {b} is not the point's")
report["duckdb_rows"] = len(rows)

# The file's metadata, as DuckDB reads it: GeoParquet 1.1, zstd, bbox statistics.
kv = dict(con.execute("SELECT decode(key), decode(value) FROM parquet_kv_metadata(?)", [parquet_path]).fetchall())
geo = json.loads(kv["geo"])
col = geo["columns"][geo["primary_column"]]
report["geo"] = {"version": geo["version"], "encoding": col["encoding"], "types": col["geometry_types"],
                 "crs": col.get("crs", "absent (OGC:CRS84)"), "covering": "bbox" in col.get("covering", {})}
if geo["version"] != "1.1.0" or col["encoding"] != "WKB" or "covering" not in col:
    fail(f"geo metadata: {geo}")
points = [f["geometry"]["coordinates"] for f in features if f["geometry"]]
if points:
    ext = [min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points)]
    if col.get("bbox") != ext:
        fail(f"geo metadata bbox {col.get('bbox')}, the points span {ext}")
elif "bbox" in col:
    fail("a bbox in the metadata of a file without points")
codecs = {c for (c,) in con.execute("SELECT DISTINCT compression FROM parquet_metadata(?)", [parquet_path]).fetchall()}
if codecs != {"ZSTD"}:
    fail(f"compression {codecs}")
stats = con.execute("SELECT count(*) FROM parquet_metadata(?) WHERE path_in_schema = 'bbox, xmin' "
                    "AND stats_min_value IS NOT NULL", [parquet_path]).fetchone()[0]
groups = con.execute("SELECT count(DISTINCT row_group_id) FROM parquet_metadata(?)", [parquet_path]).fetchone()[0]
report["row_groups"] = groups
report["bbox_stats"] = stats
if points and stats == 0:
    fail("no row-group statistics on bbox.xmin (pruning needs them)")

# --- geopandas: the CRS, the rows, the geometries, a bbox filter.
gdf = gpd.read_parquet(parquet_path)
report["geopandas_crs"] = gdf.crs.to_string() if gdf.crs else None
if gdf.crs is None or gdf.crs.to_string() != "OGC:CRS84":
    fail(f"geopandas: CRS {gdf.crs}, expected OGC:CRS84")
if len(gdf) != n:
    fail(f"geopandas reads {len(gdf)} rows, the GeoJSON has {n}")
for i, (geom, f) in enumerate(zip(gdf.geometry, features)):
    g = f["geometry"]
    if g is None:
        if geom is not None and not geom.is_empty:
            fail(f"geopandas row {i + 1}: {geom}, the GeoJSON has none")
    elif [geom.x, geom.y] != g["coordinates"]:
        fail(f"geopandas row {i + 1}: {geom}, the GeoJSON has {g['coordinates']}")
for k in ("geo_name", "geo_district", "geo_score", "geo_precision", "geo_date", "geo_fatalities"):
    if k not in gdf.columns:
        continue
    for i, (v, f) in enumerate(zip(gdf[k], features)):
        v = None if v is None or (isinstance(v, float) and v != v) else v
        if not same(f["properties"].get(k), v):
            fail(f"geopandas row {i + 1}: {k} = {v!r}, the GeoJSON has {f['properties'].get(k)!r}")
# Balochistan's box: the covering column lets geopandas read only the rows in it.
box = (60.8, 24.8, 70.4, 32.2)
inside = sum(1 for p in points if box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3])
sub = gpd.read_parquet(parquet_path, bbox=box)
if len(sub) != inside:
    fail(f"geopandas bbox filter: {len(sub)} rows, {inside} points are in the box")
report["geopandas_rows"] = len(gdf)
report["geopandas_in_box"] = len(sub)
print(json.dumps(report))
