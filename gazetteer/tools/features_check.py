#!/usr/bin/env python3
"""Re-check gazetteer/features.csv against the OSM 2023 district polygons.

Usage (from the repository root, with ../shared beside the checkout):
    pip install shapely
    python3 gazetteer/tools/features_check.py [features.csv] [districts.geojson]

For every row: the district named must contain the point (point-in-polygon); a row with an empty
district (province-level: ranges, long rivers) must lie inside Balochistan or within 3 km of it; a row
whose source says "offshore" (islands, bays) is allowed outside the land polygons and is only reported
when it lies more than 40 km from its district. Also checks the header, ids, kinds, 5-decimal
coordinates, Latin-only alt_names and duplicates (same name within 2 km). Prints one line per problem
and exits 1 if there is any.
"""
import csv, json, math, re, sys
from shapely.geometry import Point, shape
from shapely.ops import unary_union
from shapely.prepared import prep

FEATURES = sys.argv[1] if len(sys.argv) > 1 else 'gazetteer/features.csv'
POLYGONS = sys.argv[2] if len(sys.argv) > 2 else '../shared/data/boundaries/balochistan_districts_osm2023.geojson'
DISTRICTS_CSV = 'gazetteer/districts.csv'
HEADER = ['id', 'name', 'alt_names', 'latitude', 'longitude', 'kind', 'seat', 'district', 'province', 'country',
          'population', 'source']
KINDS = {'pass', 'hill', 'range', 'valley', 'plain', 'river', 'lake', 'dam', 'spring', 'island', 'bay', 'cape', 'port',
         'airport', 'station', 'tunnel', 'bridge', 'border_crossing', 'shrine', 'fort', 'mine', 'gas_field', 'park',
         'neighbourhood', 'cantonment', 'camp', 'landmark'}
# polygon names that differ from districts.csv
POLY_NAME = {'Kachhi (Bolan)': 'Kachhi'}

geo = json.load(open(POLYGONS, encoding='utf-8'))
polys = {POLY_NAME.get(f['properties']['name'], f['properties']['name']): shape(f['geometry']) for f in geo['features']}
prepared = {n: prep(p) for n, p in polys.items()}
province = unary_union(list(polys.values()))
known = {r['district'] for r in csv.DictReader(open(DISTRICTS_CSV, encoding='utf-8'))}


def km_deg(d):
    return d * 111.0


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


problems = []
with open(FEATURES, encoding='utf-8', newline='') as fh:
    raw = fh.read()
if '\r' in raw:
    problems.append('file has CR line endings (want LF)')
rows = list(csv.reader(raw.splitlines()))
if rows[0] != HEADER:
    problems.append(f'header is {rows[0]}, want {HEADER}')
seen, kept = set(), []
for n, row in enumerate(rows[1:], start=2):
    r = dict(zip(HEADER, row))
    where = f'{FEATURES}:{n}: {r["id"]} {r["name"]}'
    if len(row) != len(HEADER):
        problems.append(f'{where}: {len(row)} columns'); continue
    if r['id'] in seen:
        problems.append(f'{where}: duplicate id')
    seen.add(r['id'])
    if r['kind'] not in KINDS:
        problems.append(f'{where}: kind {r["kind"]!r} not allowed')
    for c in ('latitude', 'longitude'):
        if not re.fullmatch(r'-?\d+\.\d{5}', r[c]):
            problems.append(f'{where}: {c} {r[c]!r} is not 5 decimals')
    if re.search(r'[^\x00-\u024f\u1e00-\u1eff]', r['name'] + r['alt_names']):
        problems.append(f'{where}: non-Latin script in name/alt_names')
    if r['province'] != 'Balochistan' or r['country'] != 'PK' or r['seat']:
        problems.append(f'{where}: province/country/seat not Balochistan/PK/empty')
    lat, lon = float(r['latitude']), float(r['longitude'])
    pt = Point(lon, lat)
    inside = [d for d, p in prepared.items() if p.contains(pt)]
    offshore = 'offshore' in r['source']
    if r['district'] and r['district'] not in known:
        problems.append(f'{where}: district {r["district"]!r} not in districts.csv')
    if offshore:
        if r['district'] not in polys or km_deg(polys[r['district']].distance(pt)) > 40:
            problems.append(f'{where}: offshore point more than 40 km from {r["district"]!r}')
    elif r['district']:
        if r['district'] not in inside:
            dist = km_deg(polys[r['district']].distance(pt)) if r['district'] in polys else float('inf')
            got = inside[0] if inside else 'outside Balochistan'
            if inside or dist > 3:
                problems.append(f'{where}: point is in {got}, row says {r["district"]} ({dist:.1f} km away)')
    else:
        if not inside and km_deg(province.distance(pt)) > 3:
            problems.append(f'{where}: province-level row lies {km_deg(province.distance(pt)):.1f} km outside Balochistan')
    for o in kept:
        if o[0].lower() == r['name'].lower() and haversine(o[1], (lat, lon)) < 2:
            problems.append(f'{where}: duplicate of {o[2]} (same name within 2 km)')
    kept.append((r['name'], (lat, lon), r['id']))

for p in problems:
    print(p)
print(f'{len(rows) - 1} rows checked, {len(problems)} problems')
sys.exit(1 if problems else 0)
