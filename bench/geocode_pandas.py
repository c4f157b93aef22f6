#!/usr/bin/env python3
"""What a user would write to geocode an incidents CSV by name with pandas and
rapidfuzz: fuzzy-match each distinct location string against a gazetteer's
names (and alternate names), keep the row's own coordinates when it has them,
and write GeoJSON with geopandas.

The gazetteer is the same one incident-mapper embeds (gazetteer/places.csv),
plus a GeoNames dump when given, so both tools search the same names.

Usage: geocode_pandas.py INPUT.csv OUT.geojson [GEONAMES.txt]
"""
import sys
import time

import geopandas as gpd
import pandas as pd
from rapidfuzz import fuzz, process


def gazetteer(root, geonames=None):
    names, coords = [], []
    g = pd.read_csv(root + "/gazetteer/places.csv", dtype=str, keep_default_na=False)
    for _, r in g.iterrows():
        for n in [r["name"]] + [a for a in r["alt_names"].split("|") if a]:
            names.append(n.lower())
            coords.append((float(r["latitude"]), float(r["longitude"])))
    if geonames:
        gn = pd.read_csv(geonames, sep="\t", header=None, dtype=str, keep_default_na=False, quoting=3)
        for name, lat, lon in zip(gn[1], gn[4], gn[5]):
            names.append(name.lower())
            coords.append((float(lat), float(lon)))
    return names, coords


def main():
    src, out = sys.argv[1], sys.argv[2]
    geonames = sys.argv[3] if len(sys.argv) > 3 else None
    import os
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    t0 = time.perf_counter()
    names, coords = gazetteer(root, geonames)
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    t1 = time.perf_counter()
    # One fuzzy search per distinct location string, not per row.
    found = {}
    for loc in df["location"].unique():
        m = process.extractOne(loc.lower(), names, scorer=fuzz.WRatio, score_cutoff=85)
        found[loc] = (coords[m[2]][0], coords[m[2]][1], m[1]) if m else (None, None, 0.0)
    t2 = time.perf_counter()
    lat = pd.to_numeric(df["latitude"], errors="coerce")
    lon = pd.to_numeric(df["longitude"], errors="coerce")
    m = df["location"].map(found)
    df["geo_score"] = m.map(lambda x: x[2])
    lat = lat.fillna(m.map(lambda x: x[0]))
    lon = lon.fillna(m.map(lambda x: x[1]))
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    gdf.to_file(out, driver="GeoJSON")
    t3 = time.perf_counter()
    print(f"read {t1 - t0:.2f} s; match {len(found)} distinct {t2 - t1:.2f} s; write {t3 - t2:.2f} s")


if __name__ == "__main__":
    main()
