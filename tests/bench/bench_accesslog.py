#!/usr/bin/env python3
"""Cost of the access log (issue #13): GET 4 KiB req/s and gateway CPU microseconds per request
with wrk (keep-alive, presigned targets, rotate.lua), the same gateway binary with and without
`--access-log FILE`. Both gateways run at once and the runs alternate (off, on, off, on, ...) so
that other load on the machine hits both alike; the medians are compared. At the end the log is
checked: one line per request wrk counted (none dropped) unless the queue overflowed.

Usage: S3CASCADE_BIN=build/app/s3cascade python3 tests/bench/bench_accesslog.py [--rounds 4]
       [--duration 8] [--connections 16] [--threads 0]
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import bench  # noqa: E402
import harness  # noqa: E402


def cpu_seconds(pid):
    """utime + stime of every thread of the process, from /proc (Linux)."""
    with open("/proc/{}/stat".format(pid)) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=0, help="gateway --threads (0: default)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="s3c-bench-accesslog-")
    log_path = os.path.join(tmp, "access.log")
    extra = ["--quiet"] + (["--threads", str(args.threads)] if args.threads else [])
    servers = {
        "off": harness.GatewayServer(extra_args=extra),
        "on": harness.GatewayServer(extra_args=extra + ["--access-log", log_path]),
    }
    try:
        targets = {}
        for name, server in servers.items():
            server.start()
            client = server.boto3_client()
            contents = bench.fill_through_s3(client)
            small = bench.object_names("small", bench.SMALL_COUNT)
            targets[name] = bench.presigned_targets(client, small)
            bench.check_get(server.endpoint + targets[name][0], contents[small[0]], name)
            bench.run_wrk(server.endpoint, targets[name], 2, args.connections, tmp, name + " warm-up")
        with open(log_path, "rb") as f:
            lines_before = f.read().count(b"\n")
        rps = {"off": [], "on": []}
        cpu_us = {"off": [], "on": []}
        requests_on = 0
        for i in range(args.rounds):
            for name in ("off", "on") if i % 2 == 0 else ("on", "off"):
                server = servers[name]
                before = cpu_seconds(server.pid)
                r = bench.run_wrk(server.endpoint, targets[name], args.duration, args.connections,
                                  tmp, "{} round {}".format(name, i + 1))
                used = cpu_seconds(server.pid) - before
                rps[name].append(r["rps"])
                cpu_us[name].append(used * 1e6 / max(1, r["requests"]))
                if name == "on":
                    requests_on += r["requests"]
        servers["on"].stop()
        with open(log_path, "rb") as f:
            data = f.read()
        lines = data.count(b"\n") - lines_before
        cut = data.count(b'"complete":false')
        off_rps, on_rps = statistics.median(rps["off"]), statistics.median(rps["on"])
        off_cpu, on_cpu = statistics.median(cpu_us["off"]), statistics.median(cpu_us["on"])
        print("GET 4 KiB, wrk -c{} x {} rounds of {} s, {} cores".format(
            args.connections, args.rounds, args.duration, os.cpu_count()))
        print("  req/s  off: {}  median {:.0f}".format([round(x) for x in rps["off"]], off_rps))
        print("  req/s  on:  {}  median {:.0f}".format([round(x) for x in rps["on"]], on_rps))
        print("  CPU us/request off: {}  median {:.1f}".format(
            [round(x, 1) for x in cpu_us["off"]], off_cpu))
        print("  CPU us/request on:  {}  median {:.1f}".format(
            [round(x, 1) for x in cpu_us["on"]], on_cpu))
        print("  ratio req/s on/off: {:.3f}   CPU per request on/off: {:.3f}".format(
            on_rps / off_rps, on_cpu / off_cpu))
        # wrk counts completed responses; a request cut by wrk's stop may still be logged.
        print("  access log lines {} for {} requests wrk completed ({:+d}; {} cut short by wrk's "
              "stop)".format(lines, requests_on, lines - requests_on, cut))
    finally:
        for server in servers.values():
            try:
                if server.proc is not None and server.proc.poll() is None:
                    server.stop()
            finally:
                server.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
