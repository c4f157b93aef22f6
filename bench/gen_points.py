#!/usr/bin/env python3
"""Random points for the point-in-polygon benchmark.

Uniform in the bounding box of a boundary file (so some fall outside every
polygon, as real data does), with a fixed seed. Columns: id, latitude,
longitude, fatalities (0..5), event_date (2024-01..2025-12) -- enough for
`incident-mapper count --districts` and for geopandas' sjoin.

Usage: gen_points.py BOUNDARIES.geojson N OUT.csv [--seed S]
"""
import csv
import json
import random
import sys


def bbox(path):
    with open(path, encoding="utf-8") as f:
        fc = json.load(f)
    xs, ys = [], []

    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for k in c:
                walk(k)

    for ft in fc["features"]:
        walk(ft["geometry"]["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)


def main():
    args = sys.argv[1:]
    seed = 7
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i : i + 2]
    path, n, out = args[0], int(args[1]), args[2]
    x0, y0, x1, y1 = bbox(path)
    rnd = random.Random(seed)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "latitude", "longitude", "fatalities", "event_date"])
        for i in range(n):
            y = rnd.uniform(y0, y1)
            x = rnd.uniform(x0, x1)
            d = f"{rnd.choice((2024, 2025))}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            w.writerow([i + 1, f"{y:.6f}", f"{x:.6f}", rnd.randint(0, 5), d])


if __name__ == "__main__":
    main()
