"""The data path on several threads (`--threads N`, default one per core): each connection is
served by one thread, connections are spread over all of them, and what the gateway knows is the
same on every thread: a write through one connection is seen at once by a read on another
(s3-multi's location cache is shared), and streamed uploads with `Expect: 100-continue` work on
any thread."""

import hashlib
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import multi_harness  # noqa: E402
from harness import MIB  # noqa: E402


def threads_of(pid):
    """{tid: name} of the gateway's threads (Linux /proc)."""
    out = {}
    for tid in os.listdir("/proc/{}/task".format(pid)):
        with open("/proc/{}/task/{}/comm".format(pid, tid)) as f:
            out[tid] = f.read().strip()
    return out


def voluntary_switches(pid, tid):
    """How often the thread went to sleep waiting for work: once per request a lane serves
    to a client that waits for each answer before sending the next."""
    with open("/proc/{}/task/{}/status".format(pid, tid)) as f:
        for line in f:
            if line.startswith("voluntary_ctxt_switches:"):
                return int(line.split()[1])
    raise AssertionError("no voluntary_ctxt_switches for thread {}".format(tid))


def open_connection(endpoint):
    conn = http.client.HTTPConnection(endpoint.split("://", 1)[1], timeout=30)
    conn.connect()
    return conn


def request(conn, method, url, body=None):
    target = "/" + url.split("://", 1)[1].split("/", 1)[1]
    conn.request(method, target, body=body)
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


@harness.gateway_only("--threads is s3cascade's option")
class ThreadsTest(unittest.TestCase):

    def start(self, threads):
        server = harness.GatewayServer(extra_args=["--threads", str(threads)])
        self.addCleanup(server.cleanup)
        server.start()
        return server

    def test_bad_thread_count_is_refused(self):
        for value in ("0", "17", "many"):
            cp = subprocess.run([os.environ["S3CASCADE_BIN"], "--no-gui", "--threads", value],
                                capture_output=True, timeout=30)
            self.assertEqual(cp.returncode, 2, value)
            self.assertIn(b"--threads must be 1 to 16", cp.stderr + cp.stdout)

    def test_connections_are_spread_over_every_thread(self):
        server = self.start(3)
        client = server.boto3_client()
        bucket = harness.unique_bucket("threads")
        client.create_bucket(Bucket=bucket)
        body = os.urandom(4096)
        client.put_object(Bucket=bucket, Key="small.bin", Body=body)
        url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "small.bin"},
                                            ExpiresIn=600)
        names = threads_of(server.pid)
        lanes = sorted(tid for tid, name in names.items() if name.startswith("s3c-lane-"))
        gateway = [tid for tid, name in names.items() if name.startswith("s3cascade-gatew")]
        self.assertEqual(len(lanes), 2, names)   # the first lane is the gateway's own thread
        self.assertEqual(len(gateway), 1, names)
        watched = gateway + lanes

        # Three connections opened before any request: the acceptor gives each to the lane with
        # the fewest connections, so every thread gets one whatever boto3 still holds open.
        conns = [open_connection(server.endpoint) for _ in range(3)]
        for conn in conns:
            self.addCleanup(conn.close)
        before = {tid: voluntary_switches(server.pid, tid) for tid in watched}
        rounds = 60
        for _ in range(rounds):
            for conn in conns:
                status, _, got = request(conn, "GET", url)
                self.assertEqual(status, 200)
                self.assertEqual(got, body)
        woke = {names[tid]: voluntary_switches(server.pid, tid) - before[tid] for tid in watched}
        for name, count in woke.items():
            self.assertGreaterEqual(count, rounds // 2,
                                    "thread {} served almost nothing: {}".format(name, woke))

    def test_streamed_upload_with_expect_on_a_second_thread(self):
        server = self.start(2)
        client = server.boto3_client()
        bucket = harness.unique_bucket("threads-put")
        client.create_bucket(Bucket=bucket)
        url = client.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "big.bin"},
                                            ExpiresIn=600)
        # Held open so curl's connection goes to the other lane.
        holder = open_connection(server.endpoint)
        self.addCleanup(holder.close)
        path = os.path.join(server.tmp, "upload.bin")
        digest = harness.sha256_file(harness.write_random_file(path, 24 * MIB))
        cp = subprocess.run(["curl", "-sS", "-f", "-T", path, "-H", "Expect: 100-continue",
                             "-o", "/dev/null", "-w", "%{http_code}", url],
                            capture_output=True, timeout=120)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(cp.stdout, b"200")
        got = hashlib.sha256()
        obj = client.get_object(Bucket=bucket, Key="big.bin")
        for chunk in obj["Body"].iter_chunks(MIB):
            got.update(chunk)
        self.assertEqual(got.hexdigest(), digest)


@harness.gateway_only("s3-multi over local directories")
class SharedCascadeTest(unittest.TestCase):
    """Two local directories behind s3-multi, served by two threads."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="s3c-integ-threads-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.dirs = [os.path.join(self.tmp, n) for n in ("primary", "fallback")]
        for d in self.dirs:
            os.makedirs(os.path.join(d, "shared"))
        config = {"backends": [{"name": "primary", "type": "posix", "path": self.dirs[0]},
                               {"name": "fallback", "type": "posix", "path": self.dirs[1]}]}
        self.gateway = multi_harness.MultiGateway(config, extra_args=["--quiet", "--threads", "2"])
        self.addCleanup(self.gateway.cleanup)
        self.gateway.start()
        self.client = self.gateway.boto3_client()

    def test_write_on_one_thread_is_read_on_another(self):
        with open(os.path.join(self.dirs[1], "shared", "doc.txt"), "wb") as f:
            f.write(b"old copy, only on the fallback")
        get = self.client.generate_presigned_url("get_object", Params={"Bucket": "shared", "Key": "doc.txt"},
                                                 ExpiresIn=600)
        put = self.client.generate_presigned_url("put_object", Params={"Bucket": "shared", "Key": "doc.txt"},
                                                 ExpiresIn=600)
        # Opened in turn: `reader` goes to one lane, `writer` to the other.
        reader = open_connection(self.gateway.endpoint)
        writer = open_connection(self.gateway.endpoint)
        self.addCleanup(reader.close)
        self.addCleanup(writer.close)

        status, headers, body = request(reader, "GET", get)
        self.assertEqual((status, body), (200, b"old copy, only on the fallback"))
        self.assertEqual(headers.get(multi_harness.BACKEND_HEADER), "fallback")
        # The reader's lane now remembers the key is on the fallback; a write through the other
        # lane must make it look at the primary again.
        status, _, _ = request(writer, "PUT", put, body=b"new copy, on the primary")
        self.assertEqual(status, 200)
        status, headers, body = request(reader, "GET", get)
        self.assertEqual((status, body), (200, b"new copy, on the primary"))
        self.assertEqual(headers.get(multi_harness.BACKEND_HEADER), "primary")


if __name__ == "__main__":
    unittest.main()
