#!/usr/bin/env python3
"""The geopandas way to count points per district: read the CSV with pandas,
make points, spatial join (shapely 2, STRtree) with the district polygons,
group and count. Prints the time of the join alone and writes the counts.

Usage: pip_geopandas.py POINTS.csv DISTRICTS.geojson OUT.csv
"""
import sys
import time

import geopandas as gpd
import pandas as pd


def main():
    pts_path, districts_path, out = sys.argv[1:4]
    t0 = time.perf_counter()
    df = pd.read_csv(pts_path)
    pts = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.longitude, df.latitude), crs="EPSG:4326")
    districts = gpd.read_file(districts_path)[["name", "geometry"]]
    t1 = time.perf_counter()
    # "within" excludes borders, like geo's Contains; points on a border or outside get NaN.
    joined = gpd.sjoin(pts, districts, how="left", predicate="within")
    # A point inside two overlapping polygons appears twice: keep the first polygon in file order.
    joined = joined[~joined.index.duplicated(keep="first")]
    t2 = time.perf_counter()
    counts = joined["name"].fillna("(outside)").value_counts()
    counts = counts.reindex(list(districts["name"]) + ["(outside)"], fill_value=0)
    counts.rename_axis("district").reset_index(name="points").to_csv(out, index=False)
    t3 = time.perf_counter()
    print(f"read {t1 - t0:.3f} s; sjoin {t2 - t1:.3f} s; count {t3 - t2:.3f} s")


if __name__ == "__main__":
    main()
