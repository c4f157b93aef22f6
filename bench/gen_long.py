"""Inputs for bench/linear_run.sh: long texts and long location fields.

usage: gen_long.py WORKDIR
"""
import os
import random
import sys

SENTENCES = [
    "Militants attacked a checkpost in Turbat on Monday, killing three soldiers.",
    "The Frontier Corps said the attackers fled towards Buleda after the clash.",
    "In Quetta, police found two bodies near the Hazarganji market.",
    "Officials in Gwadar said the port remained closed for a second day.",
    "The provincial government announced compensation for the families.",
    "A bomb exploded near a passenger bus in Mastung district, injuring 12 people.",
    "Residents of Noshki said mobile internet had been suspended since Friday.",
    "The Balochistan Liberation Army claimed responsibility in a statement.",
]
WORDS = "attack near the market in Quetta Turbat and district of Kech police said on Monday Noshki area road".split()


def text(nbytes, rnd):
    out, n = [], 0
    while n < nbytes:
        para = " ".join(rnd.choice(SENTENCES) for _ in range(5))
        out.append(para)
        n += len(para) + 2
    return "\n\n".join(out)


def main(work):
    rnd = random.Random(3)
    for mb in (1, 2, 4):
        with open(os.path.join(work, f"text{mb}.txt"), "w") as f:
            f.write(text(mb * 1_000_000, rnd))
    four = open(os.path.join(work, "text4.txt")).read()
    with open(os.path.join(work, "text48.txt"), "w") as f:
        f.write("\n\n".join([four] * 12))
    rnd = random.Random(1)
    for n in (2000, 4000, 8000, 16000):
        loc = " ".join(rnd.choice(WORDS) for _ in range(n))
        with open(os.path.join(work, f"long{n}.csv"), "w") as f:
            f.write(f'location\n"{loc}"\n')
    with open(os.path.join(work, "huge.csv"), "w") as f:
        f.write('location\n"Quetta ' + "x" * 50_000_000 + '"\n')


if __name__ == "__main__":
    main(sys.argv[1])
