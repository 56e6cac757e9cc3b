"""Issue #3 benchmarks: s3-multi in front of a backend vs that backend directly, same run, same
load tool (wrk on presigned URLs). Figures for humans, not CI gates; see README.md.

nginx cannot speak S3, so "the backend" is a second s3cascade in posix mode (the fastest S3
server at hand); a third one is the fallback. The gateway runs `s3-multi` over [B1, B2]:
- GET 4 KiB req/s and GET 1 MiB MB/s (wrk -c16): through the gateway / direct to B1;
- p50 added latency at one connection (wrk -c1, 4 KiB): through minus direct;
- a read served by the 2nd backend (objects only on B2, so every read misses on B1 first):
  p50 at one connection and req/s at -c16, through the gateway / direct to B2;
- peak RSS (VmHWM) of the gateway while a 1 GiB object is proxied up (PUT -> B1) and down.
Direct and through runs alternate (--rounds) and the median of each is kept, so load from other
processes on this 2-core machine hits both sides alike.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import bench  # noqa: E402
import harness  # noqa: E402
from bench import KIB, MIB, log  # noqa: E402
from multi_harness import MultiGateway, PosixGateway, s3_entry, start_all, stop_all  # noqa: E402

BUCKET = "bench"
TARGETS = {"get4k_rps": ">= 0.6x", "get1m_mbps": ">= 0.7x", "added_p50_ms": "<= 0.2 ms",
           "fallback_p50_ratio": "<= 1.5x", "rss_mib": "<= 64 MiB"}


def fill(client, prefix, size, count):
    names = ["{}-{:03d}.bin".format(prefix, i) for i in range(count)]
    for n in names:
        client.put_object(Bucket=BUCKET, Key=n, Body=os.urandom(size))
    return names


def measure(pairs, rounds, duration, connections, tmp, pick, cpu=None):
    """pairs: [(label, endpoint, targets, pid)]; alternates them `rounds` times; median of
    pick(r). With cpu (a dict), also files cpu[label]: the median CPU per request of pid (for
    the gateway: its own CPU, not its backend's)."""
    values = {label: [] for label, _, _, _ in pairs}
    cpus = {label: [] for label, _, _, _ in pairs}
    for n in range(rounds):
        for label, endpoint, targets, pid in pairs:
            r = bench.run_wrk(endpoint, targets, duration, connections, tmp,
                              "{} r{}".format(label, n + 1), cpu_pid=pid)
            values[label].append(None if r["error_count"] else pick(r))
            cpus[label].append(r["cpu_us"])
    if cpu is not None:
        for label, v in cpus.items():
            cpu[label] = None if None in v else statistics.median(v)
    return {label: (None if None in v else statistics.median(v)) for label, v in values.items()}


def sequential_p50_ms(urls):
    """p50 of one GET per URL, one keep-alive connection (python requests: its own overhead is
    in every figure alike, so use the ratios)."""
    import time
    import requests
    times = []
    with requests.Session() as s:
        for u in urls:
            t = time.perf_counter()
            r = s.get(u, timeout=30)
            times.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise RuntimeError("GET {} answered {}".format(u, r.status_code))
    return statistics.median(times)


def proxied_rss(gateway, client, tmp, size):
    """Peak RSS of the gateway while `size` bytes go up through it and back down (curl)."""
    return bench.peak_rss(gateway, client, tmp, size)


def report(fig, notes):
    def f(v, spec):
        return "n/a" if v is None else spec.format(v)

    def verdict(value, target):
        if value is None or target == "-":
            return ""
        bound = float(target.split()[1].rstrip("x"))
        return " ok" if (value >= bound if target.startswith(">=") else value <= bound) else " MISS"

    lines = []
    head = "{:<44} {:>10} {:>10} {:>9} {:>14}".format("metric", "gateway", "direct", "figure",
                                                      "target")
    lines += [head, "-" * len(head)]

    def row(title, through, direct, figure, spec, figspec, target):
        lines.append("{:<44} {:>10} {:>10} {:>9} {:>14}".format(
            title, f(through, spec), f(direct, spec), f(figure, figspec),
            target + verdict(figure, target)))

    g4, d4 = fig["get4k_rps"]["gateway"], fig["get4k_rps"]["direct"]
    row("GET 4 KiB req/s (wrk -c16)", g4, d4, bench.ratio(g4, d4), "{:.0f}", "{:.2f}x",
        TARGETS["get4k_rps"])
    g1, d1 = fig["get1m_mbps"]["gateway"], fig["get1m_mbps"]["direct"]
    row("GET 1 MiB MB/s (wrk -c16)", g1, d1, bench.ratio(g1, d1), "{:.0f}", "{:.2f}x",
        TARGETS["get1m_mbps"])
    for key, title, target in (("get4k_cpu", "GET 4 KiB CPU us/req (gateway alone)", "<= 25"),
                               ("get1m_cpu", "GET 1 MiB CPU us/req (gateway alone)", "-")):
        c = fig.get(key) or {}
        row(title, c.get("gateway"), c.get("direct"), c.get("gateway"), "{:.1f}", "{:.1f}",
            target)
    gp, dp = fig["p50_c1_ms"]["gateway"], fig["p50_c1_ms"]["direct"]
    added = None if gp is None or dp is None else gp - dp
    row("GET 4 KiB p50 ms at -c1 (added)", gp, dp, added, "{:.3f}", "{:.3f}",
        TARGETS["added_p50_ms"])
    fp, fd = fig["fallback_p50_ms"]["gateway"], fig["fallback_p50_ms"]["direct"]
    row("2nd-backend GET 4 KiB p50 ms at -c1", fp, fd, bench.ratio(fp, fd), "{:.3f}", "{:.2f}x",
        TARGETS["fallback_p50_ratio"])
    row("  same, 2nd backend / primary, both through", fp, gp, bench.ratio(fp, gp), "{:.3f}",
        "{:.2f}x", "-")
    cold = fig.get("cold") or {}
    if cold:
        row("cold 2nd-backend read p50 ms (requests)", cold["second"], cold["direct"],
            bench.ratio(cold["second"], cold["direct"]), "{:.3f}", "{:.2f}x",
            TARGETS["fallback_p50_ratio"])
        row("  cold 2nd-backend / primary, both through", cold["second"], cold["primary"],
            bench.ratio(cold["second"], cold["primary"]), "{:.3f}", "{:.2f}x", "-")
    fr, frd = fig["fallback_rps"]["gateway"], fig["fallback_rps"]["direct"]
    row("2nd-backend GET 4 KiB req/s -c16 (cost)", fr, frd, bench.ratio(frd, fr),
        "{:.0f}", "{:.2f}x", "-")
    rss = fig.get("rss") or {}
    size = "{} MiB".format(rss["mib"]) if rss.get("mib") else "big"
    for key, title in (("put", "gateway peak RSS, {} PUT through, MiB".format(size)),
                       ("get", "gateway peak RSS, {} GET through, MiB".format(size))):
        v = rss.get(key)
        row(title, v, None, v, "{:.1f}", "{:.1f}", TARGETS["rss_mib"])
    lines.append("")
    lines += ["note: " + n for n in notes]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "8")),
                    help="seconds per wrk run (default 8)")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds per pair")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--big-mib", type=int, default=1024, help="size of the RSS PUT/GET")
    ap.add_argument("--cold", type=int, default=300, help="keys for the cold-read figure")
    ap.add_argument("--skip", action="append", default=[], help="skip a part: rss, fallback")
    ap.add_argument("--backend-threads", type=int, default=0,
                    help="--threads of the two posix backends (default: theirs, one per core)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    binary = os.environ.get("S3CASCADE_BIN")
    if not binary or not os.access(binary, os.X_OK):
        sys.exit("bench_multi.py: set S3CASCADE_BIN to the built s3cascade (run.sh does)")
    notes = ["{} cores shared by wrk, the gateway and the backend(s); ratios are from one run, "
             "{} alternating rounds of {} s, median.".format(os.cpu_count(), args.rounds,
                                                            args.duration)]
    tmp = tempfile.mkdtemp(prefix="s3c-bench-multi-")
    servers = []
    fig = {k: {"gateway": None, "direct": None} for k in
           ("get4k_rps", "get1m_mbps", "p50_c1_ms", "fallback_p50_ms", "fallback_rps")}
    try:
        log("starting two posix s3cascade backends and the s3-multi gateway ({})".format(binary))
        backends = [PosixGateway(), PosixGateway()]
        if args.backend_threads:
            for b in backends:
                b.extra_args += ["--threads", str(args.backend_threads)]
            notes.append("the backends ran with --threads {}.".format(args.backend_threads))
        b1, b2 = start_all(backends)
        servers += [b1, b2]
        config = {"backends": [s3_entry(b1, "b1"), s3_entry(b2, "b2")]}
        gw = start_all([MultiGateway(config, extra_args=["--quiet"])])[0]
        servers.append(gw)
        c1, c2, cg = b1.boto3_client(), b2.boto3_client(), gw.boto3_client()
        c1.create_bucket(Bucket=BUCKET)
        c2.create_bucket(Bucket=BUCKET)
        small = fill(c1, "small", 4 * KIB, bench.SMALL_COUNT)
        large = fill(c1, "large", MIB, bench.LARGE_COUNT)
        fb_small = fill(c2, "fb-small", 4 * KIB, bench.SMALL_COUNT)

        def urls(client, names):
            return bench.presigned_targets(client, names, bucket=BUCKET)

        t = {"d4": urls(c1, small), "g4": urls(cg, small), "d1": urls(c1, large),
             "g1": urls(cg, large), "df": urls(c2, fb_small), "gf": urls(cg, fb_small)}
        want = c1.get_object(Bucket=BUCKET, Key=small[0])["Body"].read()
        bench.check_get(gw.endpoint + t["g4"][0], want, "gateway")
        want = c2.get_object(Bucket=BUCKET, Key=fb_small[0])["Body"].read()
        bench.check_get(gw.endpoint + t["gf"][0], want, "gateway, 2nd backend")
        bench.run_wrk(gw.endpoint, t["g4"], 2, args.connections, tmp, "warm-up")
        bench.run_wrk(b1.endpoint, t["d4"], 2, args.connections, tmp, "warm-up")

        def pair(key, gkey, dkey, dserver, conns, pick, cpu_key=None):
            cpu = {} if cpu_key else None
            got = measure([("gateway", gw.endpoint, t[gkey], gw.pid),
                           ("direct", dserver.endpoint, t[dkey], dserver.pid)],
                          args.rounds, args.duration, conns, tmp, pick, cpu)
            fig[key] = got
            if cpu_key:
                fig[cpu_key] = cpu

        log("GET 4 KiB, -c{}".format(args.connections))
        pair("get4k_rps", "g4", "d4", b1, args.connections, lambda r: r["rps"], "get4k_cpu")
        log("GET 1 MiB, -c{}".format(args.connections))
        pair("get1m_mbps", "g1", "d1", b1, args.connections, lambda r: r["mbps"], "get1m_cpu")
        log("GET 4 KiB, -c1 (latency)")
        pair("p50_c1_ms", "g4", "d4", b1, 1, lambda r: r["p50_ms"])
        if "fallback" not in args.skip:
            log("GET 4 KiB served by the 2nd backend")
            pair("fallback_p50_ms", "gf", "df", b2, 1, lambda r: r["p50_ms"])
            pair("fallback_rps", "gf", "df", b2, args.connections, lambda r: r["rps"])
            # wrk rereads 64 keys many times a second, so the gateway's location cache (5 s TTL)
            # answers where they are; a key read for the first time pays the miss on B1 too.
            log("cold reads: each key once, through the gateway and directly")
            cold_names = fill(c2, "cold", 4 * KIB, args.cold)
            hot_names = fill(c1, "hot", 4 * KIB, args.cold)
            fig["cold"] = {
                "second": sequential_p50_ms([gw.endpoint + u for u in urls(cg, cold_names)]),
                "direct": sequential_p50_ms([b2.endpoint + u for u in urls(c2, cold_names)]),
                "primary": sequential_p50_ms([gw.endpoint + u for u in urls(cg, hot_names)])}
            notes.append("cold reads: {} keys each read once with python requests on one "
                         "keep-alive connection (client overhead included on both sides)."
                         .format(args.cold))
        if "rss" not in args.skip:
            log("peak RSS of the gateway, {} MiB up and down through it".format(args.big_mib))
            rss = proxied_rss(gw, cg, tmp, args.big_mib * MIB)
            rss["mib"] = args.big_mib
            fig["rss"] = rss
            notes.append("gateway RSS baseline {:.1f} MiB (peak since start, wrk runs included); "
                         "PUT through it {:.1f} s, GET {:.1f} s{}.".format(
                             rss["baseline"], rss["put_seconds"],
                                              rss["get_seconds"],
                                              "" if rss["reset"] else " (VmHWM not reset: the "
                                              "GET figure is the peak since start)"))
            on_b1 = c1.head_object(Bucket=BUCKET, Key="big.bin")["ContentLength"]
            if on_b1 != args.big_mib * MIB:
                raise RuntimeError("the 1 GiB object on the backend has {} bytes".format(on_b1))
    finally:
        try:
            stop_all(servers)
        except AssertionError as e:
            log("stop: {}".format(e))
        shutil.rmtree(tmp, ignore_errors=True)

    print(report(fig, notes))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"figures": fig, "notes": notes}, f, indent=2)


if __name__ == "__main__":
    main()
