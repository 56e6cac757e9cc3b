"""s3cascade benchmarks against reference servers on the same machine, in the same run
(not a CI gate: figures and ratios for humans; see README.md).

- GET 4 KiB req/s and GET 1 MiB MB/s with wrk (16 connections) on presigned URLs, against
  s3cascade and against nginx serving the SAME directory; ratio s3cascade/nginx.
- PUT 4 KiB with `Expect: 100-continue` (curl -T on presigned PUT URLs): p50 latency.
- Peak RSS (VmHWM) of s3cascade during a 1 GiB PUT and a 1 GiB GET.
- For the record: GET 4 KiB against moto_server and s3rver (npm, project-local), when available.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import harness  # noqa: E402
from harness import MIB  # noqa: E402

KIB = 1024
BUCKET = "bench"
SMALL_COUNT = 64
LARGE_COUNT = 8


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Figures:
    def __init__(self):
        self.rows = {}

    def set(self, metric, target, value):
        self.rows.setdefault(metric, {})[target] = value

    def get(self, metric, target):
        return self.rows.get(metric, {}).get(target)


# --- reference servers ---------------------------------------------------------------------------

class Nginx:
    """Our own nginx instance: temp prefix, loopback port, no root paths touched."""

    def __init__(self, root, workers):
        self.root = root
        self.workers = workers
        self.tmp = tempfile.mkdtemp(prefix="s3c-bench-nginx-")
        self.port = harness.free_port()
        self.proc = None

    def start(self):
        conf = os.path.join(self.tmp, "nginx.conf")
        with open(conf, "w") as f:
            # user root: bench files live in 0700 temp dirs; only when we are root ourselves.
            user = "user root;\n" if os.geteuid() == 0 else ""
            f.write("""{user}worker_processes {workers};
daemon off;
master_process on;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{ application/octet-stream bin; }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ }}
    }}
}}
""".format(user=user, workers=self.workers, tmp=self.tmp, port=self.port, root=self.root))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        # -e: the error log before the config is read (else /var/log/nginx/error.log is opened).
        self.proc = subprocess.Popen([nginx, "-p", self.tmp, "-c", conf, "-e",
                                      os.path.join(self.tmp, "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     preexec_fn=harness._die_with_parent)
        harness.Deadline(10).poll(self._answers, "nginx to listen")
        return self

    def _answers(self):
        if self.proc.poll() is not None:
            raise RuntimeError("nginx exited: " + self.proc.stderr.read().decode())
        try:
            import socket
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            return True
        except OSError:
            return False

    @property
    def endpoint(self):
        return "http://127.0.0.1:{}".format(self.port)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: workers finish, master exits
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


class S3rver:
    """npm s3rver from tests/bench/.node (installed by run.sh --with-s3rver)."""

    ACCESS = SECRET = "S3RVER"  # s3rver's built-in credentials

    def __init__(self):
        self.bin = os.path.join(HERE, ".node", "node_modules", "s3rver", "bin", "s3rver.js")
        self.tmp = None
        self.port = harness.free_port()
        self.proc = None

    def available(self):
        return os.path.exists(self.bin) and shutil.which("node")

    def start(self):
        self.tmp = tempfile.mkdtemp(prefix="s3c-bench-s3rver-")
        self.proc = subprocess.Popen(
            ["node", self.bin, "-d", self.tmp, "-a", "127.0.0.1", "-p", str(self.port),
             "--silent"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=harness._die_with_parent)

        def up():
            if self.proc.poll() is not None:
                raise RuntimeError("s3rver exited: " + self.proc.stderr.read().decode())
            try:
                import socket
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return True
            except OSError:
                return False

        harness.Deadline(20).poll(up, "s3rver to listen")
        return self

    @property
    def endpoint(self):
        return "http://127.0.0.1:{}".format(self.port)

    def client(self):
        import boto3
        from botocore.config import Config
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=self.ACCESS, aws_secret_access_key=self.SECRET,
                            config=Config(s3={"addressing_style": "path"},
                                          signature_version="s3v4"))

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


# --- measurements ---------------------------------------------------------------------------------

def object_names(prefix, count):
    return ["{}-{:03d}.bin".format(prefix, i) for i in range(count)]


def fill_directory(root):
    """Bench objects as plain files (what nginx serves when s3cascade is not there)."""
    contents = {}
    os.makedirs(os.path.join(root, BUCKET), exist_ok=True)
    for prefix, size, count in (("small", 4 * KIB, SMALL_COUNT), ("large", MIB, LARGE_COUNT)):
        for name in object_names(prefix, count):
            data = os.urandom(size)
            contents[name] = data
            with open(os.path.join(root, BUCKET, name), "wb") as f:
                f.write(data)
    return contents


def fill_through_s3(client, bucket=BUCKET):
    client.create_bucket(Bucket=bucket)
    contents = {}
    for prefix, size, count in (("small", 4 * KIB, SMALL_COUNT), ("large", MIB, LARGE_COUNT)):
        for name in object_names(prefix, count):
            data = os.urandom(size)
            contents[name] = data
            client.put_object(Bucket=bucket, Key=name, Body=data)
    return contents


def presigned_targets(client, names, bucket=BUCKET, method="get_object"):
    out = []
    for name in names:
        url = client.generate_presigned_url(method, Params={"Bucket": bucket, "Key": name},
                                            ExpiresIn=6 * 3600)
        out.append(url.split("://", 1)[1].split("/", 1)[1])
    return ["/" + t for t in out]


def tree_cpu_seconds(pid, user_only=False):
    """utime + stime of pid and every descendant process (nginx's workers), all threads
    included: the CPU a server spent, which travels between machines better than req/s.
    user_only: utime alone (what our code costs, without the kernel's share)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/{}/stat".format(entry)) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + (0 if user_only else int(fields[12]))) / tick
    total = 0.0
    for p, c in cpu.items():
        q = p
        while q and q != pid:
            q = parents.get(q)
        if q == pid:
            total += c
    return total


def run_wrk(endpoint, targets, duration, connections, tmp, label, cpu_pid=None):
    """wrk on the targets; with cpu_pid, also "cpu_us": that server's CPU per request."""
    path = os.path.join(tmp, "targets-{}.txt".format(re.sub(r"\W", "_", label)))
    with open(path, "w") as f:
        f.write("\n".join(targets) + "\n")
    argv = ["wrk", "-t{}".format(min(2, connections)), "-c{}".format(connections),
            "-d{}s".format(duration), "--timeout", "10s", "-s", os.path.join(HERE, "rotate.lua"),
            endpoint, "--", path]
    cpu0 = tree_cpu_seconds(cpu_pid) if cpu_pid else None
    cp = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        timeout=duration + 60)
    cpu1 = tree_cpu_seconds(cpu_pid) if cpu_pid else None
    m = re.search(r"^BENCH_JSON (.*)$", cp.stdout.decode(), re.M)
    if cp.returncode != 0 or not m:
        raise RuntimeError("wrk failed for {}: {}\n{}".format(label, cp.stdout.decode(),
                                                              cp.stderr.decode()))
    result = json.loads(m.group(1))
    errors = sum(result["errors"].values())
    if errors:
        log("  {}: {} errors {}".format(label, errors, result["errors"]))
    result["error_count"] = errors
    result["cpu_us"] = None
    if cpu_pid and result["requests"]:
        result["cpu_us"] = (cpu1 - cpu0) * 1e6 / result["requests"]
    log("  {}: {:.0f} req/s, {:.1f} MB/s, p50 {:.2f} ms, errors {}{}".format(
        label, result["rps"], result["mbps"], result["p50_ms"], errors,
        "" if result["cpu_us"] is None else ", {:.1f} CPU us/req".format(result["cpu_us"])))
    return result


def check_get(url, expected, label):
    import requests
    r = requests.get(url, timeout=30)
    if r.status_code != 200 or r.content != expected:
        raise RuntimeError("{}: GET {} answered {} ({} bytes), not the object".format(
            label, url, r.status_code, len(r.content)))


def put_latencies(client, runs, tmp, cpu_pid=None):
    body = os.path.join(tmp, "put-4k.bin")
    with open(body, "wb") as f:
        f.write(os.urandom(4 * KIB))
    urls = [client.generate_presigned_url("put_object",
                                          Params={"Bucket": BUCKET, "Key": "put-{:04d}".format(i)},
                                          ExpiresIn=3600) for i in range(runs)]
    times = []
    cpu0 = tree_cpu_seconds(cpu_pid) if cpu_pid else None
    user0 = tree_cpu_seconds(cpu_pid, True) if cpu_pid else None
    for url in urls:
        cp = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
                             "-H", "Expect: 100-continue", "-T", body, url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
        status, seconds = cp.stdout.decode().split()
        if status != "200":
            raise RuntimeError("presigned PUT answered {}: {}".format(status, cp.stderr.decode()))
        times.append(float(seconds) * 1000)
    cpu_us = (tree_cpu_seconds(cpu_pid) - cpu0) * 1e6 / runs if cpu_pid else None
    user_us = (tree_cpu_seconds(cpu_pid, True) - user0) * 1e6 / runs if cpu_pid else None
    times.sort()
    return {"p50": statistics.median(times), "p90": times[int(len(times) * 0.9) - 1],
            "max": times[-1], "cpu_us": cpu_us, "user_us": user_us}


def vm_hwm_kib(pid):
    with open("/proc/{}/status".format(pid)) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM for pid {}".format(pid))


def reset_hwm(pid):
    """Writing 5 to clear_refs resets the peak RSS (proc(5)); False if not permitted."""
    try:
        with open("/proc/{}/clear_refs".format(pid), "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss(gateway, client, tmp, size):
    big = os.path.join(tmp, "big.bin")
    block = os.urandom(MIB)
    with open(big, "wb") as f:
        for _ in range(size // MIB):
            f.write(block)
    pid = gateway.pid
    out = {"baseline": vm_hwm_kib(pid) / 1024}
    can_reset = reset_hwm(pid)
    put_url = client.generate_presigned_url("put_object", Params={"Bucket": BUCKET,
                                                                  "Key": "big.bin"},
                                            ExpiresIn=3600)
    start = time.monotonic()
    cp = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-T", big,
                         put_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    out["put_seconds"] = time.monotonic() - start
    if cp.stdout.decode() != "200":
        raise RuntimeError("1 GiB PUT answered {} {}".format(cp.stdout, cp.stderr))
    out["put"] = vm_hwm_kib(pid) / 1024
    os.remove(big)
    out["reset"] = reset_hwm(pid) and can_reset
    get_url = client.generate_presigned_url("get_object", Params={"Bucket": BUCKET,
                                                                  "Key": "big.bin"},
                                            ExpiresIn=3600)
    start = time.monotonic()
    cp = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                         get_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    out["get_seconds"] = time.monotonic() - start
    status, got = cp.stdout.decode().split()
    if status != "200" or int(got) != size:
        raise RuntimeError("1 GiB GET answered {} with {} bytes".format(status, got))
    out["get"] = vm_hwm_kib(pid) / 1024
    return out


# --- report -----------------------------------------------------------------------------------------

def fmt(value, spec="{:.0f}"):
    return "n/a" if value is None else spec.format(value)


def ratio(a, b):
    return None if a is None or not b else a / b


def report(fig, notes):
    lines = []
    head = "{:<34} {:>11} {:>11} {:>8} {:>10}".format("metric", "s3cascade", "nginx", "ratio",
                                                       "target")
    lines += [head, "-" * len(head)]
    rows = [("GET 4 KiB req/s (wrk -c16)", "get4k_rps", "{:.0f}", ">= 0.5x"),
            ("GET 1 MiB MB/s (wrk -c16)", "get1m_mbps", "{:.0f}", ">= 0.8x")]
    for title, metric, spec, target in rows:
        g, n = fig.get(metric, "s3cascade"), fig.get(metric, "nginx")
        r = ratio(g, n)
        verdict = "" if r is None else (" ok" if r >= float(target[3:-1]) else " MISS")
        lines.append("{:<34} {:>11} {:>11} {:>8} {:>10}".format(
            title, fmt(g, spec), fmt(n, spec), fmt(r, "{:.2f}x"), target + verdict))
    # CPU per request (issue #12): the figure that travels between machines.
    for title, metric, target in (("GET 4 KiB CPU us/req", "get4k_cpu", 15),
                                  ("GET 1 MiB CPU us/req", "get1m_cpu", None)):
        g, n = fig.get(metric, "s3cascade"), fig.get(metric, "nginx")
        r = ratio(g, n)
        verdict, goal = "", "-"
        if target is not None:
            goal = "<= {} & 1.8x".format(target)
            if g is not None and r is not None:
                verdict = " ok" if g <= target and r <= 1.8 else " MISS"
        lines.append("{:<34} {:>11} {:>11} {:>8} {:>10}".format(
            title, fmt(g, "{:.1f}"), fmt(n, "{:.1f}"), fmt(r, "{:.2f}x"), goal + verdict))
    p = fig.get("put4k_ms", "s3cascade") or {}
    lines.append("{:<34} {:>11} {:>11} {:>8} {:>10}".format(
        "PUT 4 KiB Expect:100 p50 ms", fmt(p.get("p50"), "{:.2f}"), "-", "-",
        "< 5 ms" + ("" if not p else (" ok" if p["p50"] < 5 else " MISS"))))
    lines.append("{:<34} {:>11} {:>11} {:>8} {:>10}".format(
        "PUT 4 KiB CPU us/req (curl)", fmt(p.get("cpu_us"), "{:.1f}"), "-", "-",
        "<= 30" + ("" if p.get("cpu_us") is None else (" ok" if p["cpu_us"] <= 30 else " MISS"))))
    lines.append("{:<34} {:>11} {:>11} {:>8} {:>10}".format(
        "  of which user space us/req", fmt(p.get("user_us"), "{:.1f}"), "-", "-", ""))
    lines.append("{:<34} {:>11} {:>11} {:>8} {:>10}".format(
        "  (p90 / max ms)", "{} / {}".format(fmt(p.get("p90"), "{:.1f}"),
                                             fmt(p.get("max"), "{:.1f}")), "", "", ""))
    rss = fig.get("rss", "s3cascade") or {}
    for key, title in (("put", "peak RSS 1 GiB PUT MiB"), ("get", "peak RSS 1 GiB GET MiB")):
        v = rss.get(key)
        lines.append("{:<34} {:>11} {:>11} {:>8} {:>10}".format(
            title, fmt(v, "{:.1f}"), "-", "-",
            "<= 64" + ("" if v is None else (" ok" if v <= 64 else " MISS"))))
    lines.append("")
    lines.append("for the record, GET 4 KiB req/s (wrk -c16):")
    for target in ("s3cascade", "nginx", "nginx-1worker", "moto_server", "s3rver"):
        v = fig.get("get4k_rps", target)
        r = ratio(fig.get("get4k_rps", "s3cascade"), v)
        lines.append("  {:<16} {:>9}   s3cascade/{} = {}".format(
            target, fmt(v), target, fmt(r, "{:.2f}x")))
    lines.append("")
    lines += ["note: " + n for n in notes]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "10")),
                    help="seconds per wrk run (default 10)")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--put-runs", type=int, default=200)
    ap.add_argument("--big-mib", type=int, default=1024, help="size of the RSS PUT/GET")
    ap.add_argument("--nginx-workers", default="auto",
                    help="nginx worker_processes for the main reference (default auto = cores)")
    ap.add_argument("--skip", action="append", default=[],
                    help="skip a part: moto, s3rver, rss, put")
    ap.add_argument("--rounds", type=int, default=1,
                    help="alternating s3cascade/nginx rounds of the GET rows; medians are kept")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    fig = Figures()
    notes = ["{} cores; wrk runs on the same cores as the server under test.".format(
        os.cpu_count())]
    tmp = tempfile.mkdtemp(prefix="s3c-bench-")
    cleanups = []
    try:
        binary = os.environ.get("S3CASCADE_BIN")
        gateway = client = None
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        if binary and os.access(binary, os.X_OK):
            log("starting s3cascade {}".format(binary))
            gateway = harness.GatewayServer(data_dir=data, extra_args=["--quiet"])
            cleanups.append(gateway.cleanup)
            gateway.start()
            client = gateway.boto3_client()
            contents = fill_through_s3(client)
            same = all(os.path.isfile(os.path.join(data, BUCKET, n)) and
                       open(os.path.join(data, BUCKET, n), "rb").read() == c
                       for n, c in contents.items())
            nginx_root = data
            if not same:
                nginx_root = os.path.join(tmp, "nginx-root")
                fill_directory(nginx_root)
                notes.append("s3cascade's posix layout is not DIR/bucket/key: nginx served a "
                             "copy of the objects, not the same directory.")
            else:
                notes.append("nginx served the very directory s3cascade serves (DIR/bucket/key).")
        else:
            notes.append("s3cascade not measured: set S3CASCADE_BIN to the built binary.")
            contents = fill_directory(data)
            nginx_root = data

        small = object_names("small", SMALL_COUNT)
        large = object_names("large", LARGE_COUNT)
        nginx = Nginx(nginx_root, args.nginx_workers).start()
        cleanups.append(nginx.stop)
        check_get(nginx.endpoint + "/{}/{}".format(BUCKET, small[0]), contents[small[0]], "nginx")
        nginx_small = ["/{}/{}".format(BUCKET, n) for n in small]
        nginx_large = ["/{}/{}".format(BUCKET, n) for n in large]

        def alternate(label, gateway_targets, nginx_targets, pick):
            """s3cascade and nginx in turn, --rounds times: medians, and each round's ratio.
            Also files the CPU per request of both under get<label>_cpu."""
            ours, theirs, ratios = [], [], []
            cpu_ours, cpu_theirs = [], []
            for n in range(args.rounds):
                g = None
                if gateway:
                    r = run_wrk(gateway.endpoint, gateway_targets, args.duration, args.connections,
                                tmp, "s3cascade {} #{}".format(label, n + 1), cpu_pid=gateway.pid)
                    g = None if r["error_count"] else pick(r)
                    ours.append(g)
                    cpu_ours.append(r["cpu_us"])
                r = run_wrk(nginx.endpoint, nginx_targets, args.duration, args.connections, tmp,
                            "nginx {} #{}".format(label, n + 1), cpu_pid=nginx.proc.pid)
                cpu_theirs.append(r["cpu_us"])
                theirs.append(pick(r))
                if g is not None:
                    ratios.append(g / pick(r))
            fig.set("get{}_cpu".format(label), "s3cascade",
                    None if not cpu_ours or None in cpu_ours else statistics.median(cpu_ours))
            fig.set("get{}_cpu".format(label), "nginx",
                    None if None in cpu_theirs else statistics.median(cpu_theirs))
            mine = None if not ours or None in ours else statistics.median(ours)
            if len(ratios) > 1:
                notes.append("GET {}: s3cascade/nginx per round {} (median {:.2f}x).".format(
                    label, " ".join("{:.2f}".format(x) for x in ratios), statistics.median(ratios)))
            return mine, statistics.median(theirs)

        log("GET 4 KiB")
        targets = []
        if gateway:
            targets = presigned_targets(client, small)
            check_get(gateway.endpoint + targets[0], contents[small[0]], "s3cascade")
            run_wrk(gateway.endpoint, targets, 2, args.connections, tmp, "warm-up")
        run_wrk(nginx.endpoint, nginx_small, 2, args.connections, tmp, "warm-up")
        mine, theirs = alternate("4k", targets, nginx_small, lambda r: r["rps"])
        fig.set("get4k_rps", "s3cascade", mine)
        fig.set("get4k_rps", "nginx", theirs)

        log("GET 1 MiB")
        targets = presigned_targets(client, large) if gateway else []
        mine, theirs = alternate("1m", targets, nginx_large, lambda r: r["mbps"])
        fig.set("get1m_mbps", "s3cascade", mine)
        fig.set("get1m_mbps", "nginx", theirs)
        nginx.stop()
        cleanups.remove(nginx.stop)

        one = Nginx(nginx_root, 1).start()
        cleanups.append(one.stop)
        r = run_wrk(one.endpoint, nginx_small, args.duration, args.connections, tmp,
                    "nginx-1worker 4k")
        fig.set("get4k_rps", "nginx-1worker", r["rps"])
        one.stop()
        cleanups.remove(one.stop)
        notes.append("nginx main reference: worker_processes {}; 'nginx-1worker' uses one.".format(
            args.nginx_workers))

        if gateway and "put" not in args.skip:
            log("PUT 4 KiB x {} with Expect: 100-continue".format(args.put_runs))
            fig.set("put4k_ms", "s3cascade", put_latencies(client, args.put_runs, tmp,
                                                          cpu_pid=gateway.pid))
        if gateway and "rss" not in args.skip:
            log("peak RSS during a {} MiB PUT and GET".format(args.big_mib))
            rss = peak_rss(gateway, client, tmp, args.big_mib * MIB)
            fig.set("rss", "s3cascade", rss)
            notes.append("RSS baseline after the GET runs: {:.1f} MiB; 1 GiB PUT {:.1f}s, "
                         "GET {:.1f}s{}.".format(
                             rss["baseline"], rss["put_seconds"], rss["get_seconds"],
                             "" if rss["reset"] else " (VmHWM could not be reset: GET figure "
                             "is the peak since start)"))
        if gateway:
            gateway.stop()

        if "moto" not in args.skip and shutil.which("moto_server"):
            log("moto_server GET 4 KiB")
            moto = harness.MotoServer().start()
            cleanups.append(moto.cleanup)
            mc = moto.boto3_client()
            mcontents = fill_through_s3(mc)
            targets = presigned_targets(mc, small)
            check_get(moto.endpoint + targets[0], mcontents[small[0]], "moto")
            r = run_wrk(moto.endpoint, targets, args.duration, args.connections, tmp, "moto 4k")
            fig.set("get4k_rps", "moto_server", r["rps"] if not r["error_count"] else None)
            moto.stop()
        s3rver = S3rver()
        if "s3rver" not in args.skip and s3rver.available():
            log("s3rver GET 4 KiB")
            s3rver.start()
            cleanups.append(s3rver.stop)
            sc = s3rver.client()
            scontents = fill_through_s3(sc)
            targets = presigned_targets(sc, small)
            check_get(s3rver.endpoint + targets[0], scontents[small[0]], "s3rver")
            r = run_wrk(s3rver.endpoint, targets, args.duration, args.connections, tmp,
                        "s3rver 4k")
            fig.set("get4k_rps", "s3rver", r["rps"] if not r["error_count"] else None)
        elif "s3rver" not in args.skip:
            notes.append("s3rver not measured: run `tests/bench/run.sh --with-s3rver` once "
                         "(npm install into tests/bench/.node).")
    finally:
        for fn in reversed(cleanups):
            try:
                fn()
            except Exception as e:  # a failed cleanup must not hide the figures
                log("cleanup: {}".format(e))
        shutil.rmtree(tmp, ignore_errors=True)

    print(report(fig, notes))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"figures": fig.rows, "notes": notes}, f, indent=2)


if __name__ == "__main__":
    main()
