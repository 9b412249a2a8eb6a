#!/usr/bin/python3
"""A BotometerLite-style Python peer for the benchmark (issue 14: "≥ 4× the Python peer").

BotometerLite (Yang et al. 2020, "Scalable and generalizable social bot detection through
data selection", AAAI) scores each tweet from the user object it carries: twenty profile
features at tweet time and a random forest. This script does that the ordinary Python way,
so that `src/bench/run.ts --peer` can time it beside `botshare report` on the same file:

    /usr/bin/python3 bench/peer/botometer_lite_peer.py FILE.jsonl[.gz] [--batch 10000] [--jobs 1]

It streams a Twitter API v1.1 JSONL file (plain or gzip) line by line, `json.loads` each
line, computes the features of the tweet's author at the tweet's time, and predicts with a
scikit-learn RandomForestClassifier (100 trees) in batches. It prints one JSON line: tweets
scored, `seconds` (the span of reading, parsing, features and prediction), the forest's
share of it, the training time, and peak RSS.

The forest is trained at start-up, on a seeded synthetic set (no labelled data ships with
the repository, and PyPI is out of reach: numpy and scikit-learn come from Debian's
python3-sklearn). Training is timed separately and kept out of `seconds`, as are Python's
start-up and the imports: the peer is timed on the work a deployed BotometerLite does per
file, which makes any ratio against it conservative. The training labels carry some noise
so that the trees grow to a realistic depth instead of stopping at one clean split:
prediction cost follows depth.

Features, in the order of botshare's registry (src/features/registry.ts, ACCOUNT_FEATURES):
the paper's twenty plus the user age itself, which botshare keeps as a feature too. The age
is in hours (the paper's unit), the growth rates per hour of age (floored at one hour).
scikit-learn 1.2's forests take no NaN: a field a user object lacks counts as 0 (false).
"""
import argparse
import calendar
import gzip
import json
import math
import random
import resource
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier

FEATURES = (
    "statuses_count",
    "followers_count",
    "friends_count",
    "favourites_count",
    "listed_count",
    "default_profile",
    "profile_use_background_image",
    "verified",
    "user_age",
    "tweet_freq",
    "followers_growth_rate",
    "friends_growth_rate",
    "favourites_growth_rate",
    "listed_growth_rate",
    "followers_friends_ratio",
    "screen_name_length",
    "num_digits_in_screen_name",
    "name_length",
    "num_digits_in_name",
    "description_length",
    "screen_name_likelihood",
)

MONTHS = {m: i + 1 for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))}


def twitter_time(s):
    """Epoch seconds of Twitter's `Wed Mar 11 10:00:00 +0000 2020`, sliced by hand (strptime costs ~10 µs)."""
    t = calendar.timegm((int(s[26:30]), MONTHS[s[4:7]], int(s[8:10]), int(s[11:13]), int(s[14:16]), int(s[17:19])))
    if s[20:25] != "+0000":
        offset = int(s[21:23]) * 3600 + int(s[23:25]) * 60
        t += -offset if s[20] == "+" else offset
    return t


# Screen-name likelihood: a character-bigram table over "^" + lower(name) + "$", symbols a–z,
# 0–9, "_" and one catch-all, add-one smoothed; the geometric mean of a name's bigram probabilities.
ALPHABET = "^$abcdefghijklmnopqrstuvwxyz0123456789_"
SYMBOL = {c: i for i, c in enumerate(ALPHABET) if i >= 2}
OTHER = len(ALPHABET)
SYMBOLS = len(ALPHABET) + 1


def bigram_symbols(name):
    return [0, *(SYMBOL.get(c, OTHER) for c in name.lower()), 1]


def fit_bigrams(names):
    counts = [[0] * SYMBOLS for _ in range(SYMBOLS)]
    total = 0
    for name in names:
        s = bigram_symbols(name)
        for a, b in zip(s, s[1:]):
            counts[a][b] += 1
            total += 1
    denominator = total + SYMBOLS * SYMBOLS
    return [[math.log((c + 1) / denominator) for c in row] for row in counts]


def screen_name_likelihood(name, log_p):
    if not name:
        return 0.0
    s = bigram_symbols(name)
    return math.exp(sum(log_p[a][b] for a, b in zip(s, s[1:])) / (len(s) - 1))


def features(user, tweet_time, log_p):
    """The 21 features of `user` at `tweet_time` (epoch seconds), in FEATURES order."""
    statuses = user.get("statuses_count") or 0
    followers = user.get("followers_count") or 0
    friends = user.get("friends_count") or 0
    favourites = user.get("favourites_count") or 0
    listed = user.get("listed_count") or 0
    created = user.get("created_at")
    age = max((tweet_time - twitter_time(created)) / 3600.0, 0.0) if created else 0.0
    per = max(age, 1.0)
    screen_name = user.get("screen_name") or ""
    name = user.get("name") or ""
    description = user.get("description") or ""
    return (
        statuses,
        followers,
        friends,
        favourites,
        listed,
        1 if user.get("default_profile") else 0,
        1 if user.get("profile_use_background_image") else 0,
        1 if user.get("verified") else 0,
        age,
        statuses / per,
        followers / per,
        friends / per,
        favourites / per,
        listed / per,
        followers / max(friends, 1),
        len(screen_name),
        sum(map(str.isdigit, screen_name)),
        len(name),
        sum(map(str.isdecimal, name)),
        len(description),
        screen_name_likelihood(screen_name, log_p),
    )


SYLLABLES = ("an", "na", "ma", "ri", "ro", "ssi", "lu", "ca", "gio", "van", "ni", "el", "la", "be", "tto", "fra", "nce", "sco")


def synthetic_users(rows, seed, now):
    """Seeded users with a bot-like or human-like profile, and a label that is right 85% of the time."""
    rng = random.Random(seed)
    users, labels = [], []
    for i in range(rows):
        bot = rng.random() < 0.35
        age_days = rng.uniform(1, 60) if bot and rng.random() < 0.6 else rng.uniform(30, 4000)
        if bot:
            screen_name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(8, 15)))
            name = rng.choice(("User ", "bot", "")) + str(rng.randint(0, 99999))
        else:
            screen_name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(("", "_", "_" + str(rng.randint(0, 99))))
            name = " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title() for _ in range(2))
        created = time.strftime("%a %b %d %H:%M:%S +0000 %Y", time.gmtime(now - age_days * 86400))
        users.append(
            {
                "statuses_count": int(math.exp(rng.uniform(2, 12 if bot else 10))),
                "followers_count": int(math.exp(rng.uniform(0, 6 if bot else 9))),
                "friends_count": int(math.exp(rng.uniform(2, 9 if bot else 7))),
                "favourites_count": int(math.exp(rng.uniform(0, 5 if bot else 10))),
                "listed_count": rng.randint(0, 5 if bot else 60),
                "default_profile": rng.random() < (0.7 if bot else 0.3),
                "profile_use_background_image": rng.random() < (0.5 if bot else 0.8),
                "verified": not bot and rng.random() < 0.02,
                "created_at": created,
                "screen_name": screen_name,
                "name": name,
                "description": "" if bot and rng.random() < 0.5 else " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(0, 30))),
            }
        )
        labels.append(int(bot) if rng.random() < 0.85 else int(not bot))
    return users, labels


def train(rows, seed, jobs):
    now = calendar.timegm((2020, 3, 11, 0, 0, 0))
    users, labels = synthetic_users(rows, seed, now)
    log_p = fit_bigrams(u["screen_name"] for u in users)
    X = np.array([features(u, now, log_p) for u in users], dtype=np.float64)
    forest = RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=jobs)
    forest.fit(X, np.array(labels))
    return forest, log_p


def open_lines(path):
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb", buffering=1 << 20)


def score_file(path, forest, log_p, batch):
    """Scores every tweet of `path`; returns (tweets, skipped lines, sum of bot scores, bots, predict seconds)."""
    tweets = skipped = bots = 0
    score_sum = 0.0
    predict_seconds = 0.0
    rows = []

    def predict():
        nonlocal score_sum, bots, predict_seconds
        t0 = time.perf_counter()
        p = forest.predict_proba(np.array(rows, dtype=np.float64))[:, 1]
        predict_seconds += time.perf_counter() - t0
        score_sum += float(p.sum())
        bots += int((p >= 0.5).sum())
        rows.clear()

    with open_lines(path) as lines:
        for line in lines:
            if not line.strip():
                continue
            try:
                status = json.loads(line)
                user = status["user"]
                rows.append(features(user, twitter_time(status["created_at"]), log_p))
            except (ValueError, KeyError, TypeError):
                skipped += 1  # not a status with a user (a delete notice, a cut line)
                continue
            tweets += 1
            if len(rows) == batch:
                predict()
    if rows:
        predict()
    return tweets, skipped, score_sum, bots, predict_seconds


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="Twitter API v1.1 statuses, one JSON object a line (.gz: gzip)")
    parser.add_argument("--batch", type=int, default=10_000, help="rows per predict_proba call (default 10,000)")
    parser.add_argument("--jobs", type=int, default=1, help="scikit-learn n_jobs for training and prediction (default 1)")
    parser.add_argument("--train-rows", type=int, default=20_000, help="synthetic training rows (default 20,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    forest, log_p = train(args.train_rows, args.seed, args.jobs)
    train_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    tweets, skipped, score_sum, bots, predict_seconds = score_file(args.file, forest, log_p, args.batch)
    seconds = time.perf_counter() - t0

    result = {
        "peer": "botometer-lite-style",
        "tweets": tweets,
        "skipped": skipped,
        "seconds": seconds,
        "tweetsPerSecond": tweets / seconds if seconds > 0 else None,
        "predictSeconds": predict_seconds,
        "trainSeconds": train_seconds,
        "trainRows": args.train_rows,
        "trees": 100,
        "batch": args.batch,
        "jobs": args.jobs,
        "features": len(FEATURES),
        "meanScore": score_sum / tweets if tweets else None,
        "bots": bots,
        "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
