"""DuckDB's count of incidents per district from the tool's output: GeoParquet
(read_parquet) or GeoJSON (read_json: DuckDB >= 1.5 reads a FeatureCollection
as a table, properties as columns). Prints the number of districts, the top
three and the seconds the query took.  Usage: python duckdb_count.py FILE"""
import sys
import time

import duckdb

path = sys.argv[1]
started = time.time()
con = duckdb.connect()
source = (f"read_parquet('{path}')" if path.endswith(".parquet")
          else f"read_json('{path}', maximum_object_size=2000000000)")
rows = con.execute(f"SELECT geo_district, count(*) FROM {source} GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
print(f"{len(rows)} districts; top: {rows[:3]}; query {time.time() - started:.2f} s")
