#!/usr/bin/env python3
"""What the admin API costs the data path: S3 GET 4 KiB req/s (wrk -t2 -c16, presigned URLs
rotated by rotate.lua, as bench.py) with `--admin` and a Prometheus-like scrape of /metrics every
second, against the same binary without `--admin`; optionally a third binary (--baseline BIN, e.g.
a build without the request counters). Rounds alternate; medians are printed.

    python3 tests/bench/bench_admin.py [--bin BIN] [--baseline BIN] [--duration 8] [--rounds 3]
"""

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import harness  # noqa: E402
import bench  # noqa: E402


def scrape_every_second(admin, stop, counter):
    host, port = admin.split("//", 1)[1].split(":")
    while not stop.wait(1.0):
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        conn.request("GET", "/metrics")
        r = conn.getresponse()
        r.read()
        conn.close()
        if r.status == 200:
            counter.append(1)


def measure(binary, admin, duration, tmp, label):
    os.environ["S3CASCADE_BIN"] = os.path.abspath(binary)  # harness.GatewayServer runs this one
    gw = harness.GatewayServer(extra_args=["--quiet"] + (["--admin", "127.0.0.1:0"] if admin else []))
    try:
        gw.start()
        client = gw.boto3_client()
        client.create_bucket(Bucket=bench.BUCKET)
        names = bench.object_names("small", 64)
        for name in names:
            client.put_object(Bucket=bench.BUCKET, Key=name, Body=os.urandom(4096))
        targets = bench.presigned_targets(client, names)
        stop = threading.Event()
        scrapes = []
        scraper = None
        if admin:
            url = next(l.split(" ", 1)[1] for l in gw.lines if l.startswith("admin: "))
            scraper = threading.Thread(target=scrape_every_second, args=(url, stop, scrapes))
            scraper.start()
        result = bench.run_wrk(gw.endpoint, targets, duration, 16, tmp, label)
        stop.set()
        if scraper:
            scraper.join()
            bench.log("  {}: {} scrapes".format(label, len(scrapes)))
        if result["error_count"]:
            raise RuntimeError("wrk saw errors")
        gw.stop()
        return result["rps"]
    finally:
        gw.cleanup()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", default=os.environ.get("S3CASCADE_BIN", os.path.join(HERE, "..", "..", "build", "app", "s3cascade")))
    p.add_argument("--baseline", help="another s3cascade binary to run without --admin")
    p.add_argument("--duration", type=int, default=8)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    tmp = tempfile.mkdtemp(prefix="s3c-bench-admin-")
    runs = {"off": [], "on": [], "baseline": []}
    try:
        for r in range(a.rounds):
            runs["off"].append(measure(a.bin, False, a.duration, tmp, "admin off #%d" % r))
            runs["on"].append(measure(a.bin, True, a.duration, tmp, "admin on + scrape/s #%d" % r))
            if a.baseline:
                runs["baseline"].append(measure(a.baseline, False, a.duration, tmp, "baseline #%d" % r))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    off, on = statistics.median(runs["off"]), statistics.median(runs["on"])
    print("GET 4 KiB req/s: admin off {:.0f}, admin on + scrape every second {:.0f}: {:.3f}x "
          "(rounds {})".format(off, on, on / off, ", ".join("{:.2f}".format(b / a_) for a_, b in zip(runs["off"], runs["on"]))))
    if a.baseline:
        base = statistics.median(runs["baseline"])
        print("baseline {:.0f}: admin off / baseline {:.3f}x, admin on / baseline {:.3f}x".format(base, off / base, on / base))


if __name__ == "__main__":
    main()
