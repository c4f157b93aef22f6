"""The peer of `geocode -o OUT.parquet`: geopandas writing the same geocoded rows
(the tool's CSV output, so only the conversion is timed) as GeoParquet —
pandas.read_csv, points from longitude/latitude, to_parquet with zstd.
Usage: python geoparquet_geopandas.py IN.csv OUT.parquet"""
import sys
import time

import geopandas as gpd
import pandas as pd

src, out = sys.argv[1], sys.argv[2]
started = time.time()
df = pd.read_csv(src, dtype=str, keep_default_na=False, na_values=[""])
lon = pd.to_numeric(df.pop("longitude"))
lat = pd.to_numeric(df.pop("latitude"))
gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs="OGC:CRS84")
gdf.to_parquet(out, compression="zstd", write_covering_bbox=True)
print(f"{len(gdf)} rows; {time.time() - started:.2f} s")
