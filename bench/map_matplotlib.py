#!/usr/bin/env python3
"""The map a user would otherwise make: geopandas + matplotlib, same layers as
`incident-mapper map` (neighbouring countries, provinces, districts, incidents
sized by fatalities and coloured by event type, title, legend), same size.

Usage: map_matplotlib.py INCIDENTS.geojson DISTRICTS.geojson NE_DIR OUT.png [WIDTHxHEIGHT]
"""
import sys
import time

t0 = time.perf_counter()
import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

inc_path, dist_path, ne_dir, out = sys.argv[1:5]
w, h = (int(x) for x in (sys.argv[5] if len(sys.argv) > 5 else "2000x2000").split("x"))
inc = gpd.read_file(inc_path)
districts = gpd.read_file(dist_path)
countries = gpd.read_file(f"{ne_dir}/ne10m_countries_pak_irn_afg.geojson")
provinces = gpd.read_file(f"{ne_dir}/ne10m_admin1_pakistan.geojson")
t_read = time.perf_counter()

fig, ax = plt.subplots(figsize=(w / 100, h / 100), dpi=100)
countries.plot(ax=ax, color="#e9e6df", edgecolor="#b4aea4", linewidth=0.5)
provinces.plot(ax=ax, facecolor="none", edgecolor="#b4aea4", linewidth=0.5)
districts.plot(ax=ax, facecolor="#fffdf7", edgecolor="#aaa094", linewidth=0.6)
inc = inc[inc.geometry.notna()]
fat = inc["fatalities"].astype(float).fillna(0) if "fatalities" in inc else 0
sizes = 4 + 3 * fat
for k, (etype, grp) in enumerate(inc.groupby(inc.get("event_type", "x"))):
    grp.plot(ax=ax, markersize=sizes[grp.index], color=f"C{k}", alpha=0.55, label=etype)
minx, miny, maxx, maxy = districts.total_bounds
ax.set_xlim(minx - 0.5, maxx + 0.5)
ax.set_ylim(miny - 0.5, maxy + 0.5)
ax.set_title(f"Reported incidents in Balochistan ({len(inc)} shown)", fontsize=24)
ax.legend(title="Event type", loc="lower left")
fig.savefig(out, dpi=100)
t_end = time.perf_counter()
print(f"read {t_read - t0:.2f} s, draw+save {t_end - t_read:.2f} s, total {t_end - t0:.2f} s")
