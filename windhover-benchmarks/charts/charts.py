#!/usr/bin/env python3
"""Charts for docs/performance.md from ../shared/bench results (gnuplot from Debian draws them).

  charts.py [--candidate NAME] comparison RESULTS.csv OUT.png
      median requests/s per server for each test (plaintext-p16, plaintext, json, h2c), grouped bars
  charts.py [--candidate NAME] connections OUT.png TEST CONNS=RESULTS.csv [CONNS=RESULTS.csv ...]
      median requests/s of each server in TEST against the connection count of each run

--candidate names the harness's "candidate" server in the charts (run.sh records it as "candidate").
RESULTS.csv is what run.sh writes (one row per repetition, server and test); rows whose status is
not OK are left out of the medians. Needs python3 and gnuplot (apt-get install gnuplot-nox).
"""
import csv
import os
import statistics
import subprocess
import sys
import tempfile

TESTS = ["plaintext-p16", "plaintext", "json", "h2c-plaintext-m16"]
CANDIDATE = {"name": "candidate"}


def medians(path):
    """{(server, test): median rps} over the clean repetitions."""
    runs = {}
    for row in csv.DictReader(open(path)):
        if row.get("status") != "OK" or row.get("test") not in TESTS or not row.get("rps"):
            continue
        server = CANDIDATE["name"] if row["server"] == "candidate" else row["server"]
        runs.setdefault((server, row["test"]), []).append(float(row["rps"]))
    return {key: statistics.median(values) for key, values in runs.items()}


def gnuplot(script):
    with tempfile.NamedTemporaryFile("w", suffix=".gp", delete=False) as f:
        f.write(script)
    try:
        subprocess.run(["gnuplot", f.name], check=True)
    finally:
        os.unlink(f.name)


def comparison(results, out):
    data = medians(results)
    servers = []
    for server, _ in data:
        if server not in servers:
            servers.append(server)
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as table:
        for server in servers:
            values = [str(data.get((server, test), 0) / 1000) for test in TESTS]
            table.write(server + " " + " ".join(values) + "\n")
    try:
        gnuplot(f"""
set terminal pngcairo size 1100,520 font ",10"
set output "{out}"
set title "Requests/s per server, one server core, one load core (median of the repetitions)"
set ylabel "thousand requests/s"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -30
set key top right
set grid ytics
plot "{table.name}" using 2:xtic(1) title "plaintext, pipelining 16", "" using 3 title "plaintext", "" using 4 title "json", \
     "" using 5 title "h2c plaintext, 256 connections x 16 streams (h2load)"
""")
    finally:
        os.unlink(table.name)


def connections(out, test, runs):
    series = {}
    for spec in runs:
        conns, path = spec.split("=", 1)
        for (server, row_test), rps in medians(path).items():
            if row_test == test:
                series.setdefault(server, []).append((int(conns), rps))
    files = []
    try:
        plots = []
        for server, points in series.items():
            f = tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False)
            for conns, rps in sorted(points):
                f.write(f"{conns} {rps / 1000}\n")
            f.close()
            files.append(f.name)
            plots.append(f'"{f.name}" using 1:2 with linespoints lw 2 title "{server}"')
        gnuplot(f"""
set terminal pngcairo size 900,480 font ",10"
set output "{out}"
set title "Throughput against connections: {test}, one server core"
set xlabel "connections (log scale)"
set ylabel "thousand requests/s"
set logscale x 2
set grid
set key bottom right
plot {", ".join(plots)}
""")
    finally:
        for name in files:
            os.unlink(name)


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--candidate":
        CANDIDATE["name"] = args[1]
        args = args[2:]
    if len(args) >= 3 and args[0] == "comparison":
        comparison(args[1], args[2])
    elif len(args) >= 4 and args[0] == "connections":
        connections(args[1], args[2], args[3:])
    else:
        sys.exit(__doc__)
