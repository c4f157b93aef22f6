"""The points file behind issue 14's `count` figure (../shared/peers/README.md): 1,000,000 rows with columns
id, event_date, location, event_type, fatalities, notes, latitude, longitude, spread over Balochistan's places
(GeoNames, with a jitter of up to ~2 km).

usage: gen_peer_points.py GEONAMES.txt N OUT.csv
"""
import csv
import random
import sys

TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments", "Protests"]
NOTES = [
    "Militants attacked a security forces checkpost; casualties reported by local officials.",
    "An IED exploded near a vehicle on the main road; the toll was later revised.",
    "Unidentified gunmen opened fire on a passenger coach, according to police.",
    "Security forces conducted an intelligence-based operation in the area.",
    "Residents protested against the disappearance of a local activist.",
]


def main(gn, n, out):
    places = []
    for line in open(gn, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) > 8 and f[6] in ("P", "A"):
            places.append((f[1], float(f[4]), float(f[5])))
    rnd = random.Random(14)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "event_date", "location", "event_type", "fatalities", "notes", "latitude", "longitude"])
        for i in range(int(n)):
            name, lat, lon = rnd.choice(places)
            w.writerow([
                f"EV{i:07d}",
                f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                name,
                rnd.choice(TYPES),
                rnd.choice([0, 0, 0, 1, 2, 3, 5, 8]),
                rnd.choice(NOTES),
                f"{lat + rnd.uniform(-0.02, 0.02):.5f}",
                f"{lon + rnd.uniform(-0.02, 0.02):.5f}",
            ])


if __name__ == "__main__":
    main(*sys.argv[1:])
