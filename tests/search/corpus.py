"""A small synthetic corpus for comparing the fast paths with Whoosh's own (no database)."""

import random
from datetime import datetime, timedelta

DOMAIN = ("housing support employment training offenders probation care leavers mental "
          "health services accommodation tenancy employing employ running ran").split()
ODD = ["the", "of", "a", "I", "3.141", "big-time", "under_score", "Café", "İstanbul",
       "naïve", "ÉCOLE", "x", "don't", "e.g.", "2009", "ñandú"]


def documents(count: int, seed: int = 11):
    """(kind, id, document) triples with stop words, repeats, odd characters and facets."""
    rng = random.Random(seed)
    tail = ["".join(rng.choice("aeioubcdfglmnprst") for _ in range(rng.randint(3, 9)))
            for _ in range(400)]
    kinds = ("opportunity", "award", "innovation", "library")
    start = datetime(2009, 1, 1)
    for n in range(1, count + 1):
        words = rng.choices(tail, k=rng.randint(20, 120))
        for word in (*DOMAIN, *ODD):
            if rng.random() < 0.15:
                words.insert(rng.randrange(len(words) + 1), word)
        title = " ".join(rng.sample(DOMAIN, 2) + rng.sample(tail, 2)).capitalize()
        document = {
            "title": title, "body": ", ".join(words) + ".",
            "client_group": rng.sample(["care-leavers", "offenders", "mental-health"], 1),
            "region": [f"E1200000{rng.randint(1, 9)}"],
            "published_at": start + timedelta(days=rng.randint(0, 400)),
        }
        if n % 4 == 3:
            document["evidence"] = rng.randint(1, 5)
            document["improvement"] = round(rng.uniform(-2, 15), 1)
        if n % 4 == 1:
            document["closes_at"] = start + timedelta(days=rng.randint(100, 700))
        yield kinds[n % 4], n, document
