"""Instructions per request of s3cascade under callgrind: a deterministic A/B figure for the
per-request cost (issue #12), where wall-clock CPU time on a shared 2-core machine moves by
+-10 % between runs. User-space instructions only (the kernel's share is not counted); valgrind
runs OpenSSL on its generic code path, so hashing weighs more here than on real hardware.

  tests/bench/instructions.py [--binary B] [--compare OTHER] [--requests N] [--threads 1]

Drives N presigned GETs of a 4 KiB object over one keep-alive connection (after a warm-up),
zeroing the counters before and dumping them after, and prints Ir per request; with --compare,
the same for OTHER and the ratio.
"""

import argparse
import glob
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import bench  # noqa: E402
import harness  # noqa: E402


def instructions_per_get(binary, requests, extra_args):
    tmp = tempfile.mkdtemp(prefix="s3c-instr-")
    try:
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        out = os.path.join(tmp, "callgrind.out")
        wrapper = os.path.join(tmp, "under-callgrind.sh")
        with open(wrapper, "w") as f:
            f.write('#!/bin/sh\nexec valgrind --tool=callgrind --callgrind-out-file={} {} "$@"\n'
                    .format(out, binary))
        os.chmod(wrapper, 0o755)
        old = os.environ.get("S3CASCADE_BIN")
        os.environ["S3CASCADE_BIN"] = wrapper
        try:
            g = harness.GatewayServer(data_dir=data, extra_args=["--quiet"] + extra_args)
            g.start()
        finally:
            if old is None:
                os.environ.pop("S3CASCADE_BIN", None)
            else:
                os.environ["S3CASCADE_BIN"] = old
        try:
            client = g.boto3_client()
            bench.fill_through_s3(client)
            targets = bench.presigned_targets(client, bench.object_names("small", bench.SMALL_COUNT))
            conn = http.client.HTTPConnection("127.0.0.1", int(g.endpoint.rsplit(":", 1)[1]),
                                              timeout=60)

            def run(n):
                for i in range(n):
                    conn.request("GET", targets[i % len(targets)])
                    r = conn.getresponse()
                    r.read()
                    if r.status != 200:
                        raise RuntimeError("GET answered {}".format(r.status))

            run(200)  # warm: caches, the signing key, allocator pools
            subprocess.run(["callgrind_control", "-z", str(g.pid)], check=True,
                           stdout=subprocess.DEVNULL)
            run(requests)
            subprocess.run(["callgrind_control", "-d", str(g.pid)], check=True,
                           stdout=subprocess.DEVNULL)
            found = []

            def dumped():
                for path in glob.glob(out + ".*"):
                    with open(path) as f:
                        for line in f:
                            if line.startswith("summary:") and int(line.split()[1]) > 0:
                                found.append(int(line.split()[1]))
                return bool(found)

            harness.Deadline(30).poll(dumped, "callgrind to write its dump")
            return max(found) / requests
        finally:
            g.cleanup()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.environ.get("S3CASCADE_BIN") or
                    os.path.join(HERE, "..", "..", "build", "app", "s3cascade"))
    ap.add_argument("--compare", help="a second binary (say, the build before a change)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("instructions.py: valgrind is missing")
    extra = ["--threads", str(args.threads)]
    result = {"binary": args.binary,
              "ir_per_get": instructions_per_get(args.binary, args.requests, extra)}
    if args.compare:
        result["compare"] = args.compare
        result["compare_ir_per_get"] = instructions_per_get(args.compare, args.requests, extra)
        result["ratio"] = result["ir_per_get"] / result["compare_ir_per_get"]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
