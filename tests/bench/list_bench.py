"""ListObjectsV2 benchmark (issue 12, "Listing"): what a full pagination of a large posix bucket
costs the gateway. Figures for humans, not a CI gate.

The bucket is filled directly on disk (plain files, no metadata records: what a directory that
existed before the gateway looks like), `--objects` keys spread over `--folders` folders
("f000/obj-00000", ...). Then `s3cascade posix DIR` runs on a free loopback port and boto3 pages
through it with MaxKeys 1000, once without a delimiter (every key) and once with Delimiter='/'
inside one folder, plus one top-level Delimiter='/' call (CommonPrefixes only). Reported:

- gateway CPU per listed key: utime+stime of the gateway process (/proc/PID/stat, all threads)
  over the whole pagination, divided by the keys listed;
- wall time of the first, middle and last page (client side, one connection);
- peak RSS (VmHWM) of the gateway after the listings.

With --multi, the same bucket is served by two posix gateways and listed through a third in
`s3-multi` over both (a merged listing: same keys on both, deduplicated); the front gateway's
CPU per key is compared with one backend's direct figure (target: <= 2x).

    S3CASCADE_BIN=build/app/s3cascade python3 tests/bench/list_bench.py --objects 100000 --folders 100
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import harness  # noqa: E402

BUCKET = "listbench"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def cpu_seconds(pid):
    with open("/proc/{}/stat".format(pid)) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # After the comm field: state is fields[0], utime is field 14 of stat(5) -> index 11.
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def vm_hwm_kib(pid):
    with open("/proc/{}/status".format(pid)) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def key_names(objects, folders):
    per = (objects + folders - 1) // folders
    names = []
    for i in range(objects):
        names.append("f{:03d}/obj-{:05d}".format(i // per, i % per))
    return names


def fill(data_dir, names):
    bucket = os.path.join(data_dir, BUCKET)
    made = set()
    for n in names:
        folder = os.path.join(bucket, os.path.dirname(n))
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        fd = os.open(os.path.join(bucket, n), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, b"x" * 16)
        os.close(fd)
    # The metadata cache only takes files whose ctime is settled (1 s): make every run alike.
    past = time.time() - 3600
    for n in names:
        os.utime(os.path.join(bucket, n), (past, past))


def paginate(client, pids, **args):
    """Pages through list_objects_v2; returns (entries, page wall times, cpu s per pid, the
    continuation token of each page)."""
    before = [cpu_seconds(p) for p in pids]
    entries, times, tokens, token = [], [], [], None
    while True:
        tokens.append(token)
        start = time.perf_counter()
        r = client.list_objects_v2(Bucket=BUCKET, MaxKeys=1000,
                                   **args, **({"ContinuationToken": token} if token else {}))
        times.append(time.perf_counter() - start)
        entries += [o["Key"] for o in r.get("Contents", [])]
        entries += [p["Prefix"] for p in r.get("CommonPrefixes", [])]
        if not r.get("IsTruncated"):
            break
        token = r["NextContinuationToken"]
    cpu = [cpu_seconds(p) - b for p, b in zip(pids, before)]
    return entries, times, cpu, tokens


def raw_page_ms(client, token, args, repeat=1):
    """Wall time of one page fetched over a presigned URL with plain HTTP: the gateway's answer
    without boto3's XML parsing, which costs more than the gateway itself. Once by default: a
    repeat would be answered from the metadata cache the first fetch filled."""
    import requests
    params = dict(Bucket=BUCKET, MaxKeys=1000, **args)
    if token:
        params["ContinuationToken"] = token
    url = client.generate_presigned_url("list_objects_v2", Params=params, ExpiresIn=600)
    times = []
    with requests.Session() as s:
        for _ in range(repeat):
            start = time.perf_counter()
            r = s.get(url, timeout=60)
            times.append(time.perf_counter() - start)
            if r.status_code != 200:
                raise AssertionError("page fetch: HTTP {}: {}".format(r.status_code, r.text[:300]))
    return sorted(times)[len(times) // 2] * 1e3


def row(label, entries, times, cpu):
    n = max(1, len(entries))
    mid = times[len(times) // 2]
    return {"label": label, "keys": len(entries), "pages": len(times),
            "cpu_us_per_key": [c * 1e6 / n for c in cpu],
            "first_ms": times[0] * 1e3, "middle_ms": mid * 1e3, "last_ms": times[-1] * 1e3,
            "max_ms": max(times) * 1e3, "total_s": sum(times)}


def measure(label, client, pids, expected, args, check):
    entries, times, cpu, tokens = paginate(client, pids, **args)
    if check and entries != expected:
        raise AssertionError("{}: listing differs from the expected keys ({} vs {})".format(
            label, len(entries), len(expected)))
    r = row(label, entries, times, cpu)
    picks = [0, len(tokens) // 2, len(tokens) - 1]
    r["raw_ms"] = [raw_page_ms(client, tokens[i], args) for i in picks]
    log("{label}: {keys} entries, {pages} pages, cpu us/key {cpu}, first {first_ms:.1f} ms, "
        "middle {middle_ms:.1f} ms, last {last_ms:.1f} ms, max {max_ms:.1f} ms; raw HTTP first/middle/"
        "last {raw}".format(cpu=" / ".join("{:.1f}".format(c) for c in r["cpu_us_per_key"]),
                            raw=" / ".join("{:.1f}".format(x) for x in r["raw_ms"]), **r))
    return r


def start_gateway(data_dir, extra=()):
    g = harness.GatewayServer(data_dir=data_dir, extra_args=["--quiet"] + list(extra))
    return g.start()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--objects", type=int, default=100000, help="keys in the bucket (100000)")
    ap.add_argument("--folders", type=int, default=100, help="folders they are spread over (100)")
    ap.add_argument("--rounds", type=int, default=1, help="full paginations per row (1)")
    ap.add_argument("--multi", action="store_true",
                    help="also list through s3-multi over two posix gateways of the same keys")
    ap.add_argument("--no-check", action="store_true", help="do not compare with the expected keys")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--perf", metavar="FILE",
                    help="perf record -g the gateway during the first full pagination into FILE")
    ap.add_argument("--keep", help="fill (or reuse) this directory instead of a temp one")
    opts = ap.parse_args()
    if not os.environ.get("S3CASCADE_BIN"):
        os.environ["S3CASCADE_BIN"] = os.path.join(HERE, "..", "..", "build", "app", "s3cascade")
    os.environ["S3CASCADE_BIN"] = os.path.abspath(os.environ["S3CASCADE_BIN"])

    tmp = tempfile.mkdtemp(prefix="s3c-listbench-")
    servers = []
    try:
        names = key_names(opts.objects, opts.folders)
        expected = sorted(names, key=lambda k: k.encode("utf-8"))
        data = opts.keep or os.path.join(tmp, "data")
        if not os.path.isdir(os.path.join(data, BUCKET)):
            t = time.time()
            fill(data, names)
            log("filled {} files in {:.1f} s".format(len(names), time.time() - t))
        g = start_gateway(data)
        servers.append(g)
        client = g.boto3_client()
        rows = []
        for n in range(opts.rounds):
            perf = None
            if opts.perf and n == 0:
                perf = subprocess.Popen(["perf", "record", "-q", "-F", "999", "--call-graph", "dwarf,16384",
                                         "-p", str(g.pid), "-o", opts.perf],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(1)  # perf attaches asynchronously; not a test, a benchmark
            rows.append(measure("posix, no delimiter (r{})".format(n + 1), client, [g.pid],
                                expected, {}, not opts.no_check))
            if perf:
                perf.send_signal(signal.SIGINT)
                perf.wait(timeout=120)
        folder = names[len(names) // 2].split("/")[0] + "/"
        in_folder = [k for k in expected if k.startswith(folder)]
        rows.append(measure("posix, Delimiter='/' Prefix='{}'".format(folder), client, [g.pid],
                            in_folder, {"Delimiter": "/", "Prefix": folder}, not opts.no_check))
        tops = sorted({k.split("/")[0] + "/" for k in names})
        top = measure("posix, Delimiter='/' top level", client, [g.pid], tops,
                      {"Delimiter": "/"}, not opts.no_check)
        top["cpu_us_per_key"] = [c * len(tops) / max(1, opts.objects) for c in top["cpu_us_per_key"]]
        top["note"] = "cpu per key of the bucket (the call rolls up all of them)"
        rows.append(top)
        rss = {"posix": vm_hwm_kib(g.pid)}

        if opts.multi:
            from multi_harness import MultiGateway, PosixGateway, s3_entry
            data2 = os.path.join(tmp, "data2")
            os.makedirs(data2, exist_ok=True)
            shutil.copytree(os.path.join(data, BUCKET), os.path.join(data2, BUCKET))
            b1 = PosixGateway(data_dir=data).start()
            servers.append(b1)
            b2 = PosixGateway(data_dir=data2).start()
            servers.append(b2)
            front = MultiGateway({"backends": [s3_entry(b1, "b1"), s3_entry(b2, "b2")]},
                                 extra_args=["--quiet"]).start()
            servers.append(front)
            mc = front.boto3_client()
            for n in range(opts.rounds):
                r = measure("s3-multi over 2 posix (front / b1 / b2) (r{})".format(n + 1), mc,
                            [front.pid, b1.pid, b2.pid], expected, {}, not opts.no_check)
                rows.append(r)
            rss["multi front"] = vm_hwm_kib(front.pid)
        for name, kib in rss.items():
            log("peak RSS (VmHWM) {}: {:.1f} MiB".format(name, kib / 1024))

        print("boto3 ms: page time as boto3 sees it (XML parsing included); raw ms: the same "
              "first/middle/last page over plain HTTP (one fetch each)")
        print("| row | keys | pages | gateway CPU us/key | boto3 first / middle / last / max ms "
              "| raw first / middle / last ms |")
        print("| --- | --- | --- | --- | --- | --- |")
        for r in rows:
            print("| {label} | {keys} | {pages} | {cpu} | {first_ms:.1f} / {middle_ms:.1f} / "
                  "{last_ms:.1f} / {max_ms:.1f} | {raw} |".format(
                      cpu=" / ".join("{:.1f}".format(c) for c in r["cpu_us_per_key"]),
                      raw=" / ".join("{:.1f}".format(x) for x in r["raw_ms"]), **r))
        print("peak RSS: " + ", ".join("{} {:.1f} MiB".format(k, v / 1024) for k, v in rss.items()))
        if opts.json:
            with open(opts.json, "w") as f:
                json.dump({"rows": rows, "rss_kib": rss}, f, indent=2)
    finally:
        for s in reversed(servers):
            try:
                s.stop()
            finally:
                s.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
