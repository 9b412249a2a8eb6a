#!/usr/bin/python3
"""The reference forest: a BotometerLite-style random forest (100 trees) on the account
(profile) features, measured with the project's leave-one-dataset-out protocol on the
training accounts of `train --seed S`.

Reads the per-fold CSV files of src/experiments/export-forest-features.ts (one per set with
both classes: the fold's training rows, then the left-out set's rows) and writes JSON with
the AUC per left-out set and the command that made it. Two forests per fold: unweighted
(BotometerLite's own training; the reference) and with the network's set-balanced row
weights (recorded beside it).

  /usr/bin/python3 src/experiments/reference-forest.py /tmp/forest --seed 1 -o models/reference-forest.json
"""
import argparse
import csv
import datetime
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score


def read_fold(path):
    with open(path, newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    role = np.array([r[0] for r in rows])
    label = np.array([int(r[2]) for r in rows])
    weight = np.array([float(r[3]) for r in rows])
    x = np.array([[float(v) for v in r[4:]] for r in rows], dtype=np.float32)
    return header[4:], role, label, weight, x


def auc_of(x, y, w, test, seed, weighted):
    forest = RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1)
    train = ~test
    forest.fit(x[train], y[train], sample_weight=w[train] if weighted else None)
    return float(roc_auc_score(y[test], forest.predict_proba(x[test])[:, 1]))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('folds', help='folder of per-fold CSV files (export-forest-features)')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('-o', '--output', required=True)
    p.add_argument('--command', default=None, help='the full command to record (default: this one)')
    a = p.parse_args()
    files = sorted(f for f in os.listdir(a.folds) if f.endswith('.csv'))
    if not files:
        sys.exit(f'{a.folds}: no fold CSV files')
    unweighted, weighted, features = {}, {}, None
    for name in files:
        features, role, y, w, x = read_fold(os.path.join(a.folds, name))
        test = role == 'test'
        s = name[:-4]
        unweighted[s] = auc_of(x, y, w, test, a.seed, False)
        weighted[s] = auc_of(x, y, w, test, a.seed, True)
        print(f'{s}: unweighted {unweighted[s]:.3f}, set-balanced {weighted[s]:.3f}', file=sys.stderr)
    out = {
        'name': f'BotometerLite-style random forest ({len([c for c in features if not c.endswith("__missing")])} profile features, 100 trees) trained on the same sets',
        'command': a.command or ' '.join(['python3'] + sys.argv),
        'measured': datetime.date.today().isoformat(),
        'protocol': 'leave one data set out on the training accounts of `train --seed %d` (held-out accounts excluded), sets with both classes; training rows capped per set x class as for the network; sklearn %s RandomForestClassifier(n_estimators=100, random_state=%d)' % (a.seed, sklearn.__version__, a.seed),
        'inputs': features,
        'leaveOneDatasetOutAuc': unweighted,
        'meanAuc': sum(unweighted.values()) / len(unweighted),
        'setBalancedWeights': {'leaveOneDatasetOutAuc': weighted, 'meanAuc': sum(weighted.values()) / len(weighted)},
    }
    with open(a.output, 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
