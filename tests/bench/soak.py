"""Soak of s3-multi (issue #11, "Load"): N concurrent clients (default 64) of mixed
GET/PUT/LIST/DELETE through `s3cascade s3-multi` over three backends for a few minutes, with the
gateway's RSS and open descriptors sampled from /proc; optionally one backend flapping.

Each client owns a key prefix and knows what it holds, so every answer is checked: a GET of its
own key must give the bytes it last wrote (or 404 once deleted), a LIST of its prefix exactly the
keys it holds, a GET of a shared object its bytes. Shared objects are seeded directly: on the
1st and 2nd backend, on the 2nd and 3rd, and on the 3rd alone, so reads cascade. A write that
failed leaves its key's state unknown (a PUT that timed out may still land): the client stops
using that key and the final check accepts either value for it. At the end, with every backend
healthy, each client's keys are read back once more (lost writes).

    tests/bench/soak.py --duration 150                       # healthy backends
    tests/bench/soak.py --duration 150 --flap                # the primary SIGSTOPped 5 s of 15
    tests/bench/soak.py --flap --flap-backend 1 --flap-mode proxy-hang

Uses $S3CASCADE_BIN, else build/app/s3cascade. Figures for humans, not a CI gate.
"""

import argparse
import collections
import json
import os
import random
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
from botocore.exceptions import BotoCoreError, ClientError  # noqa: E402
from fault_proxy import FaultProxy  # noqa: E402
from fault_workload import error_name, is_not_found, quantile  # noqa: E402
from multi_harness import (MultiGateway, PosixGateway, S3rverServer, s3_entry,  # noqa: E402
                           start_all, stop_all)

BUCKET = "soak"
KEYS_PER_CLIENT = 12


def log(msg):
    print("[soak] " + msg, file=sys.stderr, flush=True)


def proc_sample(pid):
    """(VmRSS KiB, open descriptors, threads) of a live process."""
    rss = threads = 0
    with open("/proc/{}/status".format(pid)) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss, len(os.listdir("/proc/{}/fd".format(pid))), threads


def slope_per_min(points):
    """Least-squares slope of (seconds, value) points, per minute."""
    if len(points) < 3:
        return float("nan")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return 60 * sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = collections.Counter()  # op -> count
        self.errors = collections.Counter()  # (op, what) -> count
        self.latency = collections.defaultdict(list)  # op -> seconds
        self.error_times = collections.defaultdict(list)  # op -> (start since t0, seconds)

    def add(self, op, seconds, error=None, at=None):
        with self.lock:
            self.latency[op].append(seconds)
            if error is None:
                self.ok[op] += 1
            else:
                self.errors[(op, error)] += 1
                if at is not None:
                    self.error_times[op].append((at, seconds))


class Client(threading.Thread):
    """One client: its own boto3 client and connection, its own prefix, a fixed seed."""

    def __init__(self, index, gateway, shared, stats, stop, pace, t0):
        super().__init__(daemon=True, name="soak-client-{}".format(index))
        self.index = index
        self.s3 = gateway.boto3_client(max_pool_connections=1, read_timeout=60,
                                       connect_timeout=10)
        self.shared = shared
        self.stats = stats
        self.stop = stop
        self.pace = pace
        self.t0 = t0
        self.rnd = random.Random(index)
        self.prefix = "c{:03d}/".format(index)
        self.generation = 0
        self.slots = [self.fresh_key(i) for i in range(KEYS_PER_CLIENT)]
        self.held = {}  # key -> bytes it holds for sure
        self.unknown = collections.defaultdict(list)  # key -> values it may hold (or None)
        self.crash = None

    def fresh_key(self, slot):
        self.generation += 1
        return "{}k{:02d}-{}".format(self.prefix, slot, self.generation)

    def run(self):
        try:
            while not self.stop.is_set():
                self.one()
                self.stop.wait(self.pace)
        except Exception as e:  # noqa: BLE001 - reported at the end
            self.crash = repr(e)

    def timed(self, op, fn):
        start = time.monotonic()
        try:
            fn()
        except AssertionError as e:  # a wrong answer
            self.stats.add(op, time.monotonic() - start, str(e)[:80], start - self.t0)
            return False
        except (ClientError, BotoCoreError, OSError) as e:
            self.stats.add(op, time.monotonic() - start, error_name(e), start - self.t0)
            return False
        self.stats.add(op, time.monotonic() - start)
        return True

    def one(self):
        r = self.rnd.random()
        slot = self.rnd.randrange(KEYS_PER_CLIENT)
        key = self.slots[slot]
        if r < 0.30:
            name, data = self.rnd.choice(self.shared)
            self.timed("GET shared", lambda: self.check_get(name, data))
        elif r < 0.50:
            self.timed("GET own", lambda: self.check_get(key, self.held.get(key)))
        elif r < 0.75:
            body = os.urandom(self.rnd.choice((256, 4096, 32 * 1024)))
            if self.timed("PUT", lambda: self.s3.put_object(Bucket=BUCKET, Key=key, Body=body)):
                self.held[key] = body
            else:
                self.give_up(slot, key, body)
        elif r < 0.88:
            if self.timed("DELETE", lambda: self.s3.delete_object(Bucket=BUCKET, Key=key)):
                self.held.pop(key, None)
            else:
                self.give_up(slot, key, None)
        else:
            self.timed("LIST own", self.check_list)

    def give_up(self, slot, key, attempted):
        """A failed write: the key may hold the old or the new value; stop using it."""
        self.unknown[key] += [self.held.pop(key, None), attempted]
        self.slots[slot] = self.fresh_key(slot)

    def check_get(self, key, expected):
        try:
            body = self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        except ClientError as e:
            if is_not_found(e):
                assert expected is None, "false 404"
                return
            raise
        assert expected is not None, "found a deleted key"
        assert body == expected, "wrong bytes ({} of {})".format(len(body), len(expected))

    def check_list(self):
        keys = set()
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET,
                                                                      Prefix=self.prefix):
            keys |= {o["Key"] for o in page.get("Contents", [])}
        held = set(self.held)
        missing, extra = held - keys, keys - held - set(self.unknown)
        assert not missing and not extra, "listing: {} missing, {} extra".format(
            len(missing), len(extra))

    def final_check(self):
        """With every backend healthy: each key held, read back; each unknown one, one of its
        possible values. Returns the number of keys whose bytes were lost or wrong."""
        lost = 0
        for key, data in self.held.items():
            try:
                self.check_get(key, data)
            except (AssertionError, ClientError, BotoCoreError, OSError):
                lost += 1
        for key, values in self.unknown.items():
            try:
                body = self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
            except ClientError as e:
                if is_not_found(e) and None in values:
                    continue
                lost += 1
                continue
            if body not in values:
                lost += 1
        return lost


class Flapper(threading.Thread):
    """Takes one backend away for `down` seconds every `down + up`, until stopped; the last
    cycle always ends with the backend back."""

    def __init__(self, mode, server, proxy, down, up, stop, t0):
        super().__init__(daemon=True, name="flapper")
        self.mode, self.server, self.proxy = mode, server, proxy
        self.down, self.up, self.stop, self.t0 = down, up, stop, t0
        self.cycles = []

    def away(self, on):
        if self.mode == "sigstop":
            os.kill(self.server.pid, signal.SIGSTOP if on else signal.SIGCONT)
        elif on:
            self.proxy.fault("hang" if self.mode == "proxy-hang" else "status", status=500)
        else:
            self.proxy.heal()

    def run(self):
        while not self.stop.wait(self.up):
            start = time.monotonic() - self.t0
            self.away(True)
            try:
                self.stop.wait(self.down)
            finally:
                self.away(False)
            self.cycles.append((start, time.monotonic() - self.t0))


def start_backends(kinds):
    servers = []
    for kind in kinds:
        if kind == "posix":
            servers.append(PosixGateway())
        elif kind == "moto":
            servers.append(harness.MotoServer())
        elif kind == "s3rver":
            servers.append(S3rverServer())
        else:
            raise SystemExit("unknown backend kind {!r} (posix, moto, s3rver)".format(kind))
    return start_all(servers)


def seed(clients, count, rnd):
    """Shared objects: on backends 1+2, 2+3 and 3 alone (direct clients), same bytes."""
    shared = []
    placements = [(0, 1), (1, 2), (2,)]
    for i in range(count):
        where = placements[i % len(placements)]
        name = "shared/{}-{:04d}".format("-".join(str(w + 1) for w in where), i)
        data = os.urandom(rnd.choice((512, 4096, 64 * 1024)))
        for w in where:
            clients[w].put_object(Bucket=BUCKET, Key=name, Body=data)
        shared.append((name, data))
    return shared


def run(args):
    kinds = args.backends.split(",")
    if len(kinds) != 3:
        raise SystemExit("--backends needs three kinds")
    backends = start_backends(kinds)
    servers = list(backends)
    proxy = None
    try:
        fronts = list(backends)
        if args.flap and args.flap_mode.startswith("proxy"):
            victim = backends[args.flap_backend]
            host, port = victim.hostport.split(":")
            proxy = FaultProxy((host, int(port))).start()
            fronts[args.flap_backend] = type("Front", (), {
                "endpoint": proxy.endpoint, "access_key": victim.access_key,
                "secret_key": victim.secret_key})
        entries = [s3_entry(f, "b{}-{}".format(i + 1, k), connectTimeoutMs=1000,
                            firstByteTimeoutMs=args.first_byte_ms)
                   for i, (f, k) in enumerate(zip(fronts, kinds))]
        (gateway,) = start_all([MultiGateway({"backends": entries}, extra_args=["--quiet"])])
        servers.append(gateway)
        direct = [b.boto3_client() for b in backends]
        for c in direct:
            c.create_bucket(Bucket=BUCKET)
        rnd = random.Random(7)
        shared = seed(direct, args.shared, rnd)
        log("backends {}, gateway pid {}, {} shared objects; {} clients for {} s{}".format(
            kinds, gateway.pid, len(shared), args.clients, args.duration,
            ", flapping backend {} ({}, {} s down every {} s)".format(
                args.flap_backend + 1, args.flap_mode, args.flap_down,
                args.flap_down + args.flap_up) if args.flap else ""))

        stats, stop = Stats(), threading.Event()
        clients = [Client(i, gateway, shared, stats, stop, args.pace, None)
                   for i in range(args.clients)]
        idle = proc_sample(gateway.pid)  # before any client connected
        t0 = time.monotonic()
        samples = []
        for c in clients:
            c.t0 = t0
            c.start()
        flapper = None
        if args.flap:
            flapper = Flapper(args.flap_mode, backends[args.flap_backend], proxy,
                              args.flap_down, args.flap_up, stop, t0)
            flapper.start()
        end = t0 + args.duration
        while time.monotonic() < end:
            stop.wait(min(args.sample, max(0.0, end - time.monotonic())))
            samples.append((time.monotonic() - t0,) + proc_sample(gateway.pid))
            done = sum(stats.ok.values()) + sum(stats.errors.values())
            log("t={:5.0f}s ops={} errors={} rss={} KiB fds={}".format(
                samples[-1][0], done, sum(stats.errors.values()), samples[-1][1],
                samples[-1][2]))
        stop.set()
        if flapper:
            flapper.join(timeout=args.flap_down + 30)
        for c in clients:
            c.join(timeout=120)
        crashed = [c.crash for c in clients if c.crash]
        # Every backend is back: wait until the gateway says so before the final check.
        harness.Deadline(30).poll(lambda: _all_readmitted(gateway), "backends readmitted", 0.2)
        lost = sum(c.final_check() for c in clients)
        after = proc_sample(gateway.pid)  # load over, clients' connections still open
        for c in clients:
            c.s3.close()
        # Idle upstream connections close after 15 s (HttpClientConnection): what is left then
        # is what the gateway keeps.
        stop.clear()
        stop.wait(args.settle)
        settled = proc_sample(gateway.pid)
        glog = ""
        if os.path.exists(gateway.log_path):
            with open(gateway.log_path, "rb") as f:
                glog = f.read().decode("utf-8", "replace")
        result = {
            "backends": kinds, "clients": args.clients, "duration_s": args.duration,
            "flap": ({"backend": args.flap_backend + 1, "mode": args.flap_mode,
                      "cycles": flapper.cycles} if flapper else None),
            "ops": dict(stats.ok), "errors": {"{} {}".format(*k): v
                                              for k, v in stats.errors.items()},
            "latency_ms": {op: {"p50": 1000 * quantile(v, 0.5), "p99": 1000 * quantile(v, 0.99),
                                "n": len(v)} for op, v in stats.latency.items()},
            "lost_or_wrong_at_end": lost, "client_crashes": crashed,
            "idle": {"rss_kib": idle[0], "fds": idle[1], "threads": idle[2]},
            "after": {"rss_kib": after[0], "fds": after[1], "threads": after[2]},
            "settled": {"rss_kib": settled[0], "fds": settled[1], "threads": settled[2],
                        "after_s": args.settle},
            "samples": [{"t": round(t, 1), "rss_kib": r, "fds": f, "threads": th}
                        for t, r, f, th in samples],
            # The trend leaves out the first sample (connections and caches filling up).
            "rss_slope_kib_per_min": slope_per_min([(s[0], s[1]) for s in samples[1:]]),
            "fds_slope_per_min": slope_per_min([(s[0], s[2]) for s in samples[1:]]),
            "gateway_log_warnings": sum(1 for line in glog.splitlines()
                                        if "ejected" in line or "readmitted" in line),
            "error_times": {op: _bucket_times(v, flapper.cycles if flapper else [])
                            for op, v in stats.error_times.items()},
        }
        return result
    finally:
        for s in servers:
            if s.proc is not None and s.proc.poll() is None:
                os.kill(s.pid, signal.SIGCONT)
        if proxy:
            proxy.stop()
        stop_all(servers)


def _all_readmitted(gateway):
    if not os.path.exists(gateway.log_path):
        return True  # nothing logged: nothing was ever ejected
    with open(gateway.log_path, "rb") as f:
        lines = f.read().decode("utf-8", "replace").splitlines()
    state = {}
    for line in lines:
        for word, healthy in (("failed its health probe", False), ("ejected for", False),
                              ("readmitted", True)):
            if word in line:
                state[line.split("backend ", 1)[1].split(" ", 1)[0]] = healthy
    return all(state.values())


def _bucket_times(times, cycles):
    """How many failed requests were in flight while the flapping backend was away (or in the
    second after it came back), how many not."""
    inside = sum(1 for t, d in times if any(t <= b + 1 and t + d >= a for a, b in cycles))
    return {"while_down": inside, "otherwise": len(times) - inside}


def report(r):
    lines = ["", "soak: {} clients, {} s, backends {}{}".format(
        r["clients"], r["duration_s"], ",".join(r["backends"]),
        ", flapping backend {} ({}, {} cycles)".format(r["flap"]["backend"], r["flap"]["mode"],
                                                      len(r["flap"]["cycles"]))
        if r["flap"] else ", all healthy")]
    lines.append("| op | ok | errors | p50 ms | p99 ms |")
    lines.append("| --- | --- | --- | --- | --- |")
    for op in sorted(r["latency_ms"]):
        errs = sum(v for k, v in r["errors"].items() if k.startswith(op + " "))
        lat = r["latency_ms"][op]
        lines.append("| {} | {} | {} | {:.1f} | {:.1f} |".format(op, r["ops"].get(op, 0), errs,
                                                              lat["p50"], lat["p99"]))
    total_ok, total_err = sum(r["ops"].values()), sum(r["errors"].values())
    lines.append("total {} ops, {} errors ({:.2f} %), lost or wrong at the end: {}, client "
                 "crashes: {}".format(total_ok + total_err, total_err,
                                      100.0 * total_err / max(1, total_ok + total_err),
                                      r["lost_or_wrong_at_end"], len(r["client_crashes"])))
    for k, v in sorted(r["errors"].items(), key=lambda kv: -kv[1]):
        lines.append("  error {}: {}".format(k, v))
    if r["flap"]:
        lines.append("  errors by flap phase: {}".format(r["error_times"]))
    s = r["samples"]
    lines.append("gateway idle before load: RSS {} KiB, {} fds; under load first sample -> "
                 "last: RSS {} -> {} KiB (max {}), fds {} -> {} (max {}), threads {} -> {}; "
                 "trend after the first sample {:+.0f} KiB/min, {:+.2f} fds/min; after the final "
                 "check: RSS {} KiB, {} fds; {:.0f} s later, clients gone: RSS {} KiB, {} fds"
                 .format(
                     r["idle"]["rss_kib"], r["idle"]["fds"], s[0]["rss_kib"], s[-1]["rss_kib"],
                     max(x["rss_kib"] for x in s), s[0]["fds"], s[-1]["fds"],
                     max(x["fds"] for x in s), s[0]["threads"], s[-1]["threads"],
                     r["rss_slope_kib_per_min"], r["fds_slope_per_min"], r["after"]["rss_kib"],
                     r["after"]["fds"], r["settled"]["after_s"], r["settled"]["rss_kib"],
                     r["settled"]["fds"]))
    lines.append("samples (t s: RSS KiB / fds): " + ", ".join(
        "{:.0f}: {}/{}".format(x["t"], x["rss_kib"], x["fds"]) for x in s))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 1)[1])
    ap.add_argument("--duration", type=float, default=150, help="seconds of load (default 150)")
    ap.add_argument("--clients", type=int, default=64, help="concurrent clients (default 64)")
    ap.add_argument("--pace", type=float, default=0.1,
                    help="seconds each client waits between requests (default 0.1; keeps the "
                         "2-core machine usable)")
    ap.add_argument("--backends", default="posix,posix,posix",
                    help="three of posix, moto, s3rver, in cascade order (default posix x3)")
    ap.add_argument("--shared", type=int, default=150, help="shared objects seeded (default 150)")
    ap.add_argument("--flap", action="store_true", help="one backend goes away and comes back")
    ap.add_argument("--flap-backend", type=int, default=1, choices=(1, 2, 3),
                    help="which backend flaps, 1 = the primary (default 1)")
    ap.add_argument("--flap-mode", default="sigstop", choices=("sigstop", "proxy-hang",
                                                               "proxy-500"))
    ap.add_argument("--flap-down", type=float, default=5.0, help="seconds away (default 5)")
    ap.add_argument("--flap-up", type=float, default=10.0, help="seconds back (default 10)")
    ap.add_argument("--first-byte-ms", type=int, default=5000,
                    help="firstByteTimeoutMs of every backend (default 5000)")
    ap.add_argument("--sample", type=float, default=10.0, help="seconds between samples")
    ap.add_argument("--settle", type=float, default=20.0,
                    help="seconds idle after the run before the last sample (default 20)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    args.flap_backend -= 1
    result = run(args)
    print(report(result), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    healthy_errors = not args.flap and (result["errors"] or result["lost_or_wrong_at_end"])
    return 1 if healthy_errors or result["client_crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
