"""The folium way to the same web map: 100,000 incidents as circle markers
(canvas renderer, prefer_canvas=True), coloured by event type, radius by
fatalities, a popup each, the 34 district polygons as a GeoJSON layer.

usage: html_folium.py INCIDENTS.csv DISTRICTS.geojson OUT.html
"""
import csv
import html
import json
import sys

import folium

PALETTE = ["#d55e00", "#0072b2", "#009e73", "#e69f00", "#cc79a7", "#56b4e9", "#282828"]


def main(src, districts, out):
    rows = list(csv.DictReader(open(src, encoding="utf-8")))
    types = {}
    for r in rows:
        types[r["event_type"]] = types.get(r["event_type"], 0) + 1
    order = sorted(types, key=lambda t: (-types[t], t))
    colour = {t: PALETTE[min(i, 6)] for i, t in enumerate(order)}
    m = folium.Map(location=[28.5, 65.5], zoom_start=6, prefer_canvas=True, tiles=None)
    folium.GeoJson(json.load(open(districts)), name="Districts").add_to(m)
    for r in rows:
        try:
            lat, lon = float(r["latitude"]), float(r["longitude"])
        except ValueError:
            continue
        f = float(r["fatalities"] or 0)
        folium.CircleMarker(
            [lat, lon],
            radius=max(3.0, 14.0 * (f / 20.0) ** 0.5),
            color=colour[r["event_type"]],
            fill=True,
            popup=html.escape(f'{r["event_date"]} {r["location"]} ({f:g} killed)'),
        ).add_to(m)
    folium.LayerControl().add_to(m)
    m.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
