#!/usr/bin/env python3
"""Generate a large incidents CSV with realistic place-name noise, for benchmarks.

Names come from the embedded gazetteer (gazetteer/places.csv) and, when given,
a GeoNames dump (e.g. ../shared/data/gazetteer/balochistan_geonames.txt), so
that the file repeats a few thousand distinct locations across many rows, as
real exports do. Noise, per row: transliteration variants (oo/u, ee/i, q/k,
doubled letters, Killa/Qila), one-letter typos, phrases ("near X", "X area of Y
district", "outskirts of X", "X's main bazaar"), case changes, and a few
strings that name no place.

Writes two files with the same rows: NAMES.csv (latitude/longitude empty: the
geocoder must resolve by name) and COORDS.csv (the place's coordinates with a
small jitter: what ogr2ogr converts).

With --acled, both files have ACLED's export layout (31 columns: actors,
ISO code, geo_precision, source, notes, timestamp...), dates written as ACLED
writes them ("02 February 2022").

Usage: gen_incidents.py ROWS NAMES.csv COORDS.csv [GEONAMES.txt] [--seed N] [--acled]
"""
import csv
import random
import sys


def load_places(root):
    out = []
    with open(root + "/gazetteer/places.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["country"] != "PK" or r["kind"] == "country":
                continue
            out.append((r["name"], float(r["latitude"]), float(r["longitude"]), r["district"], r["province"], r["kind"]))
    return out


def load_geonames(path, limit):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            out.append((c[1], float(c[4]), float(c[5]), "", "Balochistan", "village"))
    random.shuffle(out)
    return out[:limit]


VARIANTS = [("oo", "u"), ("u", "oo"), ("ee", "i"), ("i", "ee"), ("q", "k"), ("k", "q"), ("ll", "l"), ("a", "aa"),
            ("Killa", "Qila"), ("Qila", "Killa"), ("sh", "sch"), ("w", "v")]
PHRASES = ["near {x}", "{x} area", "outskirts of {x}", "{x}'s main bazaar", "{x} area of {d} district",
           "border town of {x}", "{x}, Balochistan", "{x} tehsil", "in {x} town"]
JUNK = ["unknown", "N/A", "undisclosed location", "remote area", "a village", "Xqzt Plorn"]


def typo(s):
    if len(s) < 6:
        return s
    i = random.randrange(1, len(s) - 1)
    op = random.random()
    if op < 0.33:
        return s[:i] + s[i + 1:]
    if op < 0.66:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + random.choice("aeioukrt") + s[i + 1:]


def noisy(name, district):
    r = random.random()
    if r < 0.45:
        s = name
    elif r < 0.65:
        a, b = random.choice(VARIANTS)
        s = name.replace(a, b, 1)
    elif r < 0.72:
        s = typo(name)
    else:
        s = random.choice(PHRASES).format(x=name, d=district or "Quetta")
    c = random.random()
    if c < 0.1:
        s = s.upper()
    elif c < 0.15:
        s = s.lower()
    return s


ACLED_HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                "fatalities", "tags", "timestamp"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SUB = {"Battles": "Armed clash", "Explosions/Remote violence": "Remote explosive/landmine/IED",
       "Violence against civilians": "Attack", "Strategic developments": "Arrests"}


def acled_row(i, base, coords):
    event_id, date, loc, admin2, admin1, etype, fat = base
    y, m, d = date.split("-")
    acled_date = "%s %s %s" % (d, MONTHS[int(m) - 1], y)
    return ["PAK%d" % (100000 + i), acled_date, y, "1", "Political violence", etype, SUB[etype],
            "BLA: Balochistan Liberation Army", "", "2", "Military Forces of Pakistan (2018-)", "", "1", "12", "",
            "586", "Southern Asia", "Pakistan", admin1 or "Balochistan", admin2, "", loc] + coords + [
            random.choice(["1", "1", "1", "2", "3"]), "Dawn; The Balochistan Post", "National-Regional",
            "On %s, militants clashed with security forces in %s. %s fatalities reported." % (acled_date, loc, fat),
            fat, "", str(1700000000 + i)]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seed = 42
    if "--seed" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--seed") + 1])
        args.remove(str(seed))
    random.seed(seed)
    rows, names_path, coords_path = int(args[0]), args[1], args[2]
    import os
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    places = load_places(root)
    if len(args) > 3:
        places += load_geonames(args[3], 3000)
    # A few thousand distinct locations, each a fixed noisy spelling, drawn with a skew
    # (big towns are reported far more often than villages).
    pool = []
    for _ in range(4000):
        p = random.choice(places)
        pool.append((noisy(p[0], p[3]), p))
    pool += [(j, None) for j in JUNK]
    weights = [1.0 / (i + 10) for i in range(len(pool))]
    types = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"]
    acled = "--acled" in sys.argv
    header = ["event_id", "event_date", "location", "admin2", "admin1", "event_type", "fatalities", "latitude", "longitude"]
    if acled:
        header = ACLED_HEADER
    with open(names_path, "w", newline="", encoding="utf-8") as fn, open(coords_path, "w", newline="", encoding="utf-8") as fc:
        wn, wc = csv.writer(fn), csv.writer(fc)
        wn.writerow(header)
        wc.writerow(header)
        picks = random.choices(range(len(pool)), weights=weights, k=rows)
        for i, k in enumerate(picks):
            loc, p = pool[k]
            d = (p[3] if p and random.random() < 0.3 else "")
            date = "2025-%02d-%02d" % (random.randint(1, 12), random.randint(1, 28))
            base = ["PAK%07d" % (i + 1), date, loc, d, "Balochistan" if random.random() < 0.5 else "",
                    random.choice(types), str(random.choice([0, 0, 0, 1, 2, 3, 5, 12]))]
            lat, lon = (p[1], p[2]) if p else (28.0, 66.0)
            coords = ["%.5f" % (lat + random.uniform(-0.01, 0.01)), "%.5f" % (lon + random.uniform(-0.01, 0.01))]
            if acled:
                wn.writerow(acled_row(i, base, ["", ""]))
                wc.writerow(acled_row(i, base, coords))
            else:
                wn.writerow(base + ["", ""])
                wc.writerow(base + coords)
    print("wrote %d rows to %s and %s (%d distinct location strings in the pool)" % (rows, names_path, coords_path, len(pool)))


if __name__ == "__main__":
    main()
