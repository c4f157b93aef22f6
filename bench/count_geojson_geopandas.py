#!/usr/bin/env python3
"""Peer for counting a GeoJSON of incidents per district: geopandas reads the
points (pyogrio), sjoin with the district polygons (intersects, first match
kept), groupby; writes district,incidents. What a Python user would do with
the GeoJSON `geocode` writes."""
import sys
import geopandas as gpd

pts = gpd.read_file(sys.argv[1], columns=[])
dist = gpd.read_file(sys.argv[2])[['name', 'geometry']]
j = gpd.sjoin(pts, dist, predicate='intersects', how='left')
j = j[~j.index.duplicated(keep='first')]
c = j.groupby('name').size().reindex(dist['name'], fill_value=0)
out = c.rename('incidents').reset_index().rename(columns={'name': 'district'})
out.loc[len(out)] = ['(outside)', int(j['name'].isna().sum())]
out.to_csv(sys.argv[3], index=False)
