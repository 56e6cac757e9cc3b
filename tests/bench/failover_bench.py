"""Failover benchmarks of s3-multi (issue #11, "Benchmarks"); figures for humans, not CI gates.

1. A read of an object held by backends 1 and 2 while backend 1 hangs (SIGSTOP), as p50/p99 and
   as a ratio to the same read with backend 1 healthy. Two gateways over the same two posix
   s3cascade backends, with the documented defaults (no timeouts overridden):
   - defaults: hedged reads and active health; the frozen window is split into "before
     ejection" (only hedging helps) and "after ejection" (the probe took backend 1 out);
   - probes off (`healthIntervalMs: 0`): hedging alone for the whole window.
2. Duplicate requests caused by hedging with healthy backends: a third gateway over the same
   backends, each behind fault_proxy.py in pass mode, which counts the object GETs reaching
   each backend; duplicates = GETs at backend 2 / reads (every object is on backend 1, so
   backend 2 is only ever asked by a hedge). One sequential client, then 8 concurrent ones.

Reads use python `requests` on one keep-alive connection with presigned URLs (its own cost is
in every figure alike: compare the ratios).

    tests/bench/failover_bench.py [--reads 300] [--frozen 12] [--dup-reads 1000] [--json F]

Uses $S3CASCADE_BIN, else build/app/s3cascade.
"""

import argparse
import json
import os
import re
import signal
import statistics
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
if not os.environ.get("S3CASCADE_BIN"):
    os.environ["S3CASCADE_BIN"] = os.path.join(TOP, "build", "app", "s3cascade")
import harness  # noqa: E402
from fault_proxy import FaultProxy  # noqa: E402
from fault_workload import quantile  # noqa: E402
from multi_harness import MultiGateway, PosixGateway, s3_entry, start_all, stop_all  # noqa: E402

BUCKET = "failover"
KEYS = 32


def log(msg):
    print("[failover] " + msg, file=sys.stderr, flush=True)


def entry(server, name, endpoint=None):
    """A backends.json entry with the gateway's documented timeouts (5 s connect, 30 s first
    byte), not the shorter ones of the integration tests."""
    e = s3_entry(server, name)
    del e["connectTimeoutMs"], e["firstByteTimeoutMs"]
    if endpoint:
        e["endpoint"] = endpoint
    return e


class Reader:
    """Sequential GETs through one keep-alive connection; records (start, seconds, backend)."""

    def __init__(self, gateway, keys):
        import requests
        self.session = requests.Session()
        client = gateway.boto3_client()
        self.urls = [client.generate_presigned_url("get_object", Params={
            "Bucket": BUCKET, "Key": k}, ExpiresIn=3600) for k in keys]
        self.i = 0

    def read(self):
        url = self.urls[self.i % len(self.urls)]
        self.i += 1
        start = time.monotonic()
        r = self.session.get(url, timeout=60)
        elapsed = time.monotonic() - start
        if r.status_code != 200 or len(r.content) != 4096:
            raise RuntimeError("GET answered {} ({} bytes)".format(r.status_code, len(r.content)))
        return start, elapsed, r.headers.get("x-s3cascade-backend")

    def reads(self, n):
        return [self.read() for _ in range(n)]

    def reads_for(self, seconds):
        end, out = time.monotonic() + seconds, []
        while time.monotonic() < end:
            out.append(self.read())
        return out


def figures(samples):
    times = [s[1] for s in samples]
    if not times:
        return None
    by = {}
    for s in samples:
        by[s[2]] = by.get(s[2], 0) + 1
    return {"n": len(times), "p50_ms": 1000 * statistics.median(times),
            "p99_ms": 1000 * quantile(times, 0.99), "max_ms": 1000 * max(times), "served_by": by}


def log_size(gateway):
    # The harness's drainer creates the log with the gateway's first line after start-up.
    return os.path.getsize(gateway.log_path) if os.path.exists(gateway.log_path) else 0


def log_time_of(gateway, pattern, since_offset):
    if not os.path.exists(gateway.log_path):
        return False
    with open(gateway.log_path, "rb") as f:
        f.seek(since_offset)
        return re.search(pattern, f.read().decode("utf-8", "replace")) is not None


def frozen_primary(primary, gateways, readers, warm, healthy_reads, frozen_s):
    """Healthy figures, then backend 1 SIGSTOPped for frozen_s while each gateway is read."""
    out = {}
    for name, g in gateways.items():
        readers[name].reads(warm)  # 20 answers per backend before the delay adapts
        out[name] = {"healthy": figures(readers[name].reads(healthy_reads))}
        log("{}: healthy {}".format(name, out[name]["healthy"]))
    # One gateway at a time, each with its own frozen window, so they do not share the CPU.
    for name, g in gateways.items():
        offset = log_size(g)
        os.kill(primary.pid, signal.SIGSTOP)
        t0 = time.monotonic()
        ejected_at = []

        def watch():
            while time.monotonic() - t0 < frozen_s and not ejected_at:
                if log_time_of(g, r"backend b1 (failed its health probe|ejected for)", offset):
                    ejected_at.append(time.monotonic())
                threading.Event().wait(0.02)
        w = threading.Thread(target=watch, daemon=True)
        w.start()
        try:
            samples = readers[name].reads_for(frozen_s)
        finally:
            os.kill(primary.pid, signal.SIGCONT)
        w.join()
        res = {"frozen_all": figures(samples)}
        if ejected_at:
            cut = ejected_at[0]
            res["eject_after_s"] = cut - t0
            res["frozen_before_ejection"] = figures([s for s in samples if s[0] + s[1] <= cut])
            res["frozen_after_ejection"] = figures([s for s in samples if s[0] >= cut])
        out[name].update(res)
        log("{}: frozen {}".format(name, res))
        # Back to normal before the next gateway's window: backend 1 serves again.
        harness.Deadline(60).poll(lambda: readers[name].read()[2] == "b1", "b1 serving", 0.1)
    return out


def duplicates(gateway, proxies, keys, sequential, concurrent, per_client):
    """Reads of objects every backend holds, counted at each backend's proxy."""
    def gets_at(p):
        return sum(p.count(method="GET", path="/{}/{}".format(BUCKET, k)) for k in keys)

    res = {}
    reader = Reader(gateway, keys)
    reader.reads(40)  # warm: the adaptive delay needs 20 answers of backend 1
    for label, run in (("sequential", lambda: reader.reads(sequential)),
                       ("concurrent", lambda: concurrent_reads(gateway, keys, concurrent,
                                                               per_client))):
        before = [gets_at(p) for p in proxies]
        samples = run()
        after = [gets_at(p) for p in proxies]
        n = len(samples)
        b1, b2 = after[0] - before[0], after[1] - before[1]
        res[label] = {"reads": n, "gets_b1": b1, "gets_b2": b2,
                      "duplicate_pct": 100.0 * b2 / n, "latency": figures(samples)}
        log("duplicates {}: {}".format(label, res[label]))
    return res


def concurrent_reads(gateway, keys, clients, per_client):
    results, threads = [], []
    lock = threading.Lock()

    def one(i):
        r = Reader(gateway, keys[i % len(keys):] + keys[:i % len(keys)])
        got = r.reads(per_client)
        with lock:
            results.extend(got)
    for i in range(clients):
        t = threading.Thread(target=one, args=(i,), daemon=True)
        t.start()
        threads.append(t)
    for t in threads:
        t.join(timeout=300)
    return results


def report(r):
    lines = ["", "| read of an object on backends 1 and 2 | p50 ms | p99 ms | max ms "
                 "| ratio to healthy p50 / p99 |", "| --- | --- | --- | --- | --- |"]
    for name, f in r["hang"].items():
        h = f["healthy"]
        lines.append("| {}: backend 1 healthy ({} reads) | {:.2f} | {:.2f} | {:.1f} | 1 / 1 |"
                     .format(name, h["n"], h["p50_ms"], h["p99_ms"], h["max_ms"]))
        for key, title in (("frozen_before_ejection", "backend 1 SIGSTOP, before ejection"),
                           ("frozen_after_ejection", "backend 1 SIGSTOP, after ejection"),
                           ("frozen_all", "backend 1 SIGSTOP, whole window")):
            x = f.get(key)
            if not x:
                continue
            lines.append("| {}: {} ({} reads) | {:.2f} | {:.2f} | {:.1f} | {:.1f}x / {:.1f}x |"
                         .format(name, title, x["n"], x["p50_ms"], x["p99_ms"], x["max_ms"],
                                 x["p50_ms"] / h["p50_ms"], x["p99_ms"] / h["p99_ms"]))
        if "eject_after_s" in f:
            lines.append("| {}: ejected {:.2f} s after SIGSTOP | | | | |".format(
                name, f["eject_after_s"]))
    lines += ["", "| hedging with healthy backends | reads | GETs at b1 "
                  "| GETs at b2 (duplicates) | duplicate % | p50 / p99 ms |",
              "| --- | --- | --- | --- | --- | --- |"]
    for label, d in r["duplicates"].items():
        lines.append("| {} | {} | {} | {} | {:.2f} % | {:.2f} / {:.2f} |".format(
            label, d["reads"], d["gets_b1"], d["gets_b2"], d["duplicate_pct"],
            d["latency"]["p50_ms"], d["latency"]["p99_ms"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 1)[1])
    ap.add_argument("--reads", type=int, default=300, help="healthy reads per gateway")
    ap.add_argument("--frozen", type=float, default=12.0,
                    help="seconds backend 1 stays frozen per gateway (default 12)")
    ap.add_argument("--dup-reads", type=int, default=1000, help="sequential reads, duplicates")
    ap.add_argument("--dup-clients", type=int, default=8)
    ap.add_argument("--dup-per-client", type=int, default=150)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    b1, b2 = start_all([PosixGateway(), PosixGateway()])
    servers, proxies = [b1, b2], []
    try:
        keys = ["obj-{:03d}".format(i) for i in range(KEYS)]
        for b in (b1, b2):
            c = b.boto3_client()
            c.create_bucket(Bucket=BUCKET)
        data = {k: os.urandom(4096) for k in keys}
        for b in (b1, b2):
            c = b.boto3_client()
            for k in keys:
                c.put_object(Bucket=BUCKET, Key=k, Body=data[k])
        for b in (b1, b2):
            host, port = b.hostport.split(":")
            proxies.append(FaultProxy((host, int(port))).start())
        plain = [entry(b1, "b1"), entry(b2, "b2")]
        counted = [entry(b1, "b1", proxies[0].endpoint), entry(b2, "b2", proxies[1].endpoint)]
        gateways = start_all([
            MultiGateway({"backends": plain}, extra_args=["--quiet"]),
            MultiGateway({"backends": plain, "healthIntervalMs": 0}, extra_args=["--quiet"]),
            MultiGateway({"backends": counted}, extra_args=["--quiet"])])
        servers += gateways
        named = {"defaults": gateways[0], "probes off": gateways[1]}
        readers = {n: Reader(g, keys) for n, g in named.items()}
        result = {"hang": frozen_primary(b1, named, readers, 40, args.reads, args.frozen)}
        result["duplicates"] = duplicates(gateways[2], proxies, keys, args.dup_reads,
                                          args.dup_clients, args.dup_per_client)
    finally:
        if b1.proc.poll() is None:
            os.kill(b1.pid, signal.SIGCONT)
        for p in proxies:
            p.stop()
        stop_all(servers)
    print(report(result), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
