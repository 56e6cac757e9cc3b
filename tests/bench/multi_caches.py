#!/usr/bin/env python3
"""Issue #11 benchmark: the read caches of s3-multi. Figures for humans, not a CI gate.

Three s3cascade posix instances are the backends b1, b2, b3. Two gateways run `s3-multi` over
them, one with the location and miss caches on (the defaults, TTLs raised so that they do not
expire during the run), one with both off; hedging is off in both so that every request counts.
For an object that lives only on b3, and for a key that no backend holds, --reads GETs of the
same key go, one after another on one keep-alive connection (python requests, presigned URLs):
  - direct to b3 (the floor: one backend request, no proxy hop),
  - through the gateway with the caches on,
  - through the gateway with the caches off;
and the report gives the p50/p99 latency of each, its ratio to the direct read, and the backend
requests per read, counted from the backends' own logs (s3c.s3 debug lines). The three runs
alternate --rounds times; the medians are kept.

    tests/bench/multi_caches.py                    # 300 reads x 3 rounds, 4 KiB
    tests/bench/multi_caches.py --reads 1000 --size 65536 --json /tmp/caches.json

Uses $S3CASCADE_BIN, else build/app/s3cascade.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

BUCKET = "bench-caches"
LOG_RULES = {"QT_LOGGING_RULES": "s3c.s3.debug=true"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed_gets(url, reads, expect):
    """Latencies (ms) of `reads` GETs of one URL on one keep-alive connection."""
    import requests
    times = []
    with requests.Session() as s:
        s.get(url, timeout=30)  # the connection and first-read costs stay out of the figures
        for _ in range(reads):
            t = time.perf_counter()
            r = s.get(url, timeout=30)
            times.append((time.perf_counter() - t) * 1000)
            if r.status_code != expect:
                raise RuntimeError("GET {} answered {}, expected {}".format(url, r.status_code, expect))
    return times


class Counter:
    """Requests each backend logged for a key, read from its log file."""

    def __init__(self, backends):
        self.backends = backends

    def total(self, key):
        pattern = re.compile(r'\b(?:GetObject|HeadObject) "/{}/{}"'.format(re.escape(BUCKET), re.escape(key)))
        out = 0
        for b in self.backends:
            with open(b.log_path, "rb") as f:
                out += len(pattern.findall(f.read().decode("utf-8", "replace")))
        return out

    def settle(self, clients, marker):
        """All requests answered so far are in the logs once every backend logged `marker`."""
        import harness
        from botocore.exceptions import ClientError
        for b, c in zip(self.backends, clients):
            try:
                c.head_object(Bucket=BUCKET, Key=marker)
            except ClientError:
                pass

            def logged(path=b.log_path):
                with open(path, "rb") as f:
                    return marker.encode() in f.read()
            harness.Deadline(10).poll(logged, "the backend to log " + marker)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reads", type=int, default=300, help="GETs per run (default 300)")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds, medians kept (default 3)")
    p.add_argument("--size", type=int, default=4096, help="object size in bytes (default 4096)")
    p.add_argument("--json", help="also write the figures to this file")
    args = p.parse_args()

    binary = os.environ.get("S3CASCADE_BIN") or os.path.join(TOP, "build", "app", "s3cascade")
    if not os.access(binary, os.X_OK):
        sys.exit("no s3cascade binary at {} (set S3CASCADE_BIN)".format(binary))
    os.environ["S3CASCADE_BIN"] = binary
    from multi_harness import MultiGateway, PosixGateway, s3_entry, start_all, stop_all

    backends = start_all([PosixGateway(env=LOG_RULES) for _ in range(3)])
    servers = list(backends)
    try:
        entries = [s3_entry(b, "b{}".format(i + 1)) for i, b in enumerate(backends)]
        common = {"backends": entries, "hedgeAfterMs": 0}
        on, off = start_all([
            MultiGateway(dict(common, locationCacheTtlMs=3600000, missCacheTtlMs=3600000),
                         extra_args=["--quiet"]),
            MultiGateway(dict(common, locationCacheTtlMs=0, missCacheTtlMs=0), extra_args=["--quiet"])])
        servers += [on, off]
        direct = [b.boto3_client() for b in backends]
        for c in direct:
            c.create_bucket(Bucket=BUCKET)
        direct[2].put_object(Bucket=BUCKET, Key="deep", Body=os.urandom(args.size))
        counter = Counter(backends)

        def url(server, key):
            return server.boto3_client().generate_presigned_url(
                "get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=3600)

        cases = [("object on b3", "deep", 200, [("direct b3", backends[2]), ("caches on", on),
                                                  ("caches off", off)]),
                 ("key on no backend", "nowhere", 404, [("direct b3", backends[2]), ("caches on", on),
                                                        ("caches off", off)])]
        figures = {}
        marker = 0
        for title, key, expect, runs in cases:
            urls = {label: url(server, key) for label, server in runs}
            p50s = {label: [] for label, _ in runs}
            p99s = {label: [] for label, _ in runs}
            per_read = {label: [] for label, _ in runs}
            for n in range(args.rounds):
                for label, _ in runs:
                    marker += 1
                    counter.settle(direct, "marker-{}".format(marker))
                    before = counter.total(key)
                    times = timed_gets(urls[label], args.reads, expect)
                    marker += 1
                    counter.settle(direct, "marker-{}".format(marker))
                    # The warm-up GET is in the count too: (reads + 1) GETs.
                    per_read[label].append((counter.total(key) - before) / (args.reads + 1))
                    p50s[label].append(statistics.median(times))
                    p99s[label].append(quantile(times, 0.99))
                    log("{} / {} round {}: p50 {:.3f} ms, {:.2f} backend requests per read".format(
                        title, label, n + 1, p50s[label][-1], per_read[label][-1]))
            base = statistics.median(p50s["direct b3"])
            figures[title] = {label: {"p50_ms": statistics.median(p50s[label]),
                                      "p99_ms": statistics.median(p99s[label]),
                                      "ratio_to_direct": statistics.median(p50s[label]) / base,
                                      "backend_requests_per_read": statistics.median(per_read[label])}
                              for label, _ in runs}
    finally:
        stop_all(servers)

    print("\n{} GETs of the same key per run, {} rounds (medians), {} B object, one connection".format(
        args.reads, args.rounds, args.size))
    print("| read | path | p50 ms | p99 ms | p50 / direct | backend requests per read |")
    print("| --- | --- | --- | --- | --- | --- |")
    for title, rows in figures.items():
        for label, f in rows.items():
            print("| {} | {} | {:.3f} | {:.3f} | {:.2f}x | {:.2f} |".format(
                title, label, f["p50_ms"], f["p99_ms"], f["ratio_to_direct"], f["backend_requests_per_read"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()
