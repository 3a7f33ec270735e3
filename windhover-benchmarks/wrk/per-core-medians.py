"""Medians of requests/s per busy server core over alternate-schedulings.sh's rounds.

Usage: python3 per-core-medians.py RESULTS_DIR TAG
"""
import collections
import csv
import glob
import statistics
import sys

results, tag = sys.argv[1], sys.argv[2]
per_core = collections.defaultdict(list)
for path in sorted(glob.glob(f'{results}/{tag}-*-*/results.csv')):
    server = path.split('/')[-2].rsplit('-', 1)[1]
    for row in csv.DictReader(open(path)):
        if row['status'] == 'OK':
            per_core[(server, row['test'])].append(float(row['rps']) / (float(row['srv_cpu']) / 100))
for test in ('plaintext-p16', 'plaintext', 'json'):
    medians = {}
    for server in ('default', 'inline', 'vertx'):
        values = per_core.get((server, test))
        if values:
            medians[server] = statistics.median(values)
            print(f'{test:14} {server:8} {medians[server]:>10,.0f}  n={len(values)}  {[round(v) for v in values]}')
    if {'default', 'inline', 'vertx'} <= medians.keys():
        print(f'{"":14} default/inline {medians["default"] / medians["inline"]:.3f}'
              f'  default/vertx {medians["default"] / medians["vertx"]:.3f}')
