"""Access log (`--access-log FILE|-`, issue #13): one JSON line per request through the real
binary, driven by boto3, aws cli, requests and a raw socket; every line parsed back with json.

- fields: status, method, operation, bucket, key, bytes in/out, duration, remote, access key id,
  request id (matched to x-amz-request-id), backend (matched to x-s3cascade-backend), for 200,
  404, 403 with a bad signature and an unparseable request refused with 400;
- secrets: a presigned URL's signature and query, a bad request's signature, the secret key are
  never in the log;
- keys with quotes, backslashes, newlines, control characters and UTF-8 come back unchanged;
- SIGHUP after renaming the file: later lines land in the new file, and across both files every
  request is there exactly once, each line whole (GETs keep running across the rotation);
- `-` writes the lines to standard output; s3-multi names the backend that served a read.
"""

import datetime
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import multi_harness  # noqa: E402
from harness import Deadline  # noqa: E402

LOG_WAIT = 15.0
BIG = 64 * harness.MIB  # beyond loopback socket buffers: still in flight when the signal comes


def read_lines(path):
    """Every line of the file, each parsed with json (a line that does not parse fails)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return []
    if data and not data.endswith(b"\n"):
        # The writer hands over whole lines only; a missing newline is a split line.
        raise AssertionError("access log ends inside a line: {!r}".format(data[-300:]))
    return [json.loads(line.decode("utf-8")) for line in data.split(b"\n") if line]


def request_id(response):
    return response["ResponseMetadata"]["HTTPHeaders"]["x-amz-request-id"]


class AccessLogTestBase(unittest.TestCase):
    maxDiff = 6000

    def wait_for(self, path_or_fn, ids, what="log lines"):
        """Lines (by request id) once every id in `ids` has one; fails after LOG_WAIT seconds."""
        reader = path_or_fn if callable(path_or_fn) else (lambda: read_lines(path_or_fn))
        found = {}

        def probe():
            found.clear()
            for line in reader():
                found.setdefault(line["request_id"], []).append(line)
            return all(i in found for i in ids)

        try:
            Deadline(LOG_WAIT).poll(probe, what)
        except AssertionError:
            self.fail("no access log line for {} within {}s; have {}".format(
                [i for i in ids if i not in found], LOG_WAIT, list(found)[:20]))
        for i in ids:
            self.assertEqual(len(found[i]), 1, "request {} logged {} times: {}".format(
                i, len(found[i]), found[i]))
        return {i: found[i][0] for i in ids}


@harness.gateway_only("the access log is s3cascade's")
class AccessLogFileTest(AccessLogTestBase):
    """posix DIR with --access-log FILE."""

    @classmethod
    def setUpClass(cls):
        cls.log_dir = tempfile.mkdtemp(prefix="s3c-accesslog-")
        cls.log_path = os.path.join(cls.log_dir, "access.log")
        cls.server = harness.start_target(extra_args=["--access-log", cls.log_path])
        cls.s3 = cls.server.boto3_client()
        cls.env = cls.server.client_env()
        cls.bucket = harness.unique_bucket("accesslog")
        cls.s3.create_bucket(Bucket=cls.bucket)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.server.cleanup()
            shutil.rmtree(cls.log_dir, ignore_errors=True)

    def log_text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8")

    def test_fields_of_200_404_and_403(self):
        from botocore.exceptions import ClientError
        body = os.urandom(5000)
        before = datetime.datetime.now(datetime.timezone.utc)
        put = self.s3.put_object(Bucket=self.bucket, Key="dir/obj.bin", Body=body)
        get = self.s3.get_object(Bucket=self.bucket, Key="dir/obj.bin")
        self.assertEqual(get["Body"].read(), body)
        with self.assertRaises(ClientError) as missing:
            self.s3.get_object(Bucket=self.bucket, Key="no-such-key")
        bad_client = self.server.boto3_client(secret_key="wrong" + self.server.secret_key)
        sent = harness.record_headers(bad_client)
        with self.assertRaises(ClientError) as denied:
            bad_client.get_object(Bucket=self.bucket, Key="dir/obj.bin")
        after = datetime.datetime.now(datetime.timezone.utc)
        self.assertEqual(denied.exception.response["Error"]["Code"], "SignatureDoesNotMatch")

        ids = [request_id(put), request_id(get), request_id(missing.exception.response),
               request_id(denied.exception.response)]
        lines = self.wait_for(self.log_path, ids)
        p, g, m, d = (lines[i] for i in ids)

        self.assertEqual((p["method"], p["operation"], p["status"]), ("PUT", "PutObject", 200))
        self.assertEqual((p["bucket"], p["key"]), (self.bucket, "dir/obj.bin"))
        self.assertEqual(p["bytes_in"], len(body))
        self.assertEqual(p["access_key"], self.server.access_key)

        self.assertEqual((g["method"], g["operation"], g["status"]), ("GET", "GetObject", 200))
        self.assertEqual(g["bytes_out"], len(body))
        self.assertEqual(g["bytes_in"], 0)
        self.assertTrue(g["complete"])
        served = get["ResponseMetadata"]["HTTPHeaders"].get("x-s3cascade-backend", "")
        self.assertEqual(g["backend"], served)

        self.assertEqual((m["operation"], m["status"], m["key"]), ("GetObject", 404, "no-such-key"))
        self.assertGreater(m["bytes_out"], 0, "the NoSuchKey XML body is counted")

        self.assertEqual((d["operation"], d["status"]), ("GetObject", 403))
        # The key id the client claimed is logged (it is not secret), its signature never.
        self.assertEqual(d["access_key"], self.server.access_key)
        auth = sent[-1][1]["authorization"]
        signature = auth.rsplit("Signature=", 1)[1]
        self.assertFalse(signature in self.log_text(), "the bad request's signature is logged")

        for line in lines.values():
            self.assertEqual(line["remote"], "127.0.0.1")
            self.assertIn("Botocore", line["user_agent"])
            self.assertIsInstance(line["duration_ms"], float)
            self.assertGreaterEqual(line["duration_ms"], 0.0)
            self.assertLess(line["duration_ms"], 30000.0)
            # RFC 3339 UTC with milliseconds, between the first request and the last answer.
            self.assertRegex(line["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            t = datetime.datetime.strptime(line["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
                tzinfo=datetime.timezone.utc)
            self.assertTrue(before - datetime.timedelta(seconds=1) <= t <= after, line["time"])
        self.assertFalse(self.server.secret_key in self.log_text(), "the secret key is logged")

    def test_presigned_get_query_never_logged(self):
        import requests
        self.s3.put_object(Bucket=self.bucket, Key="presigned.txt", Body=b"hello")
        url = self.s3.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": "presigned.txt"}, ExpiresIn=300)
        r = requests.get(url, timeout=30)
        self.assertEqual((r.status_code, r.content), (200, b"hello"))
        # A tampered signature too: refused, and its (wrong) signature not logged either.
        tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0f")
        bad = requests.get(tampered, timeout=30)
        self.assertEqual(bad.status_code, 403)
        ids = [r.headers["x-amz-request-id"], bad.headers["x-amz-request-id"]]
        lines = self.wait_for(self.log_path, ids)
        self.assertEqual(lines[ids[0]]["status"], 200)
        self.assertEqual(lines[ids[0]]["key"], "presigned.txt")
        self.assertEqual(lines[ids[0]]["access_key"], self.server.access_key)
        self.assertEqual(lines[ids[1]]["status"], 403)
        signature = url.split("X-Amz-Signature=", 1)[1].split("&", 1)[0]
        text = self.log_text()
        for secret in (signature, "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Expires",
                       self.server.secret_key):
            self.assertFalse(secret in text, "{!r} is in the access log".format(secret))

    def test_hostile_keys_round_trip(self):
        keys = ['quo"te"s', "back\\slash", "new\nline\r\nand cr", "tab\there", "ctl\x01\x1f\x7f",
                "caf\u00e9/\u65e5\u672c\u8a9e/\U0001F600", '{"status": 999}', "\u2028sep"]
        ids = {}
        for key in keys:
            resp = self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"x")
            ids[request_id(resp)] = key
        lines = self.wait_for(self.log_path, list(ids))
        for rid, key in ids.items():
            self.assertEqual(lines[rid]["key"], key)
            self.assertEqual(lines[rid]["status"], 200)
        # Each request is one physical line: no newline of a key escaped into the file.
        raw = [l for l in self.log_text().split("\n") if l]
        self.assertTrue(all(l.startswith("{") and l.endswith("}") for l in raw))

    def test_aws_cli_and_refused_before_auth(self):
        src = os.path.join(self.log_dir, "cli-upload.bin")
        with open(src, "wb") as f:
            f.write(os.urandom(3000))
        harness.run(["aws", "--endpoint-url", self.server.endpoint, "s3", "cp", src,
                     "s3://{}/cli/upload.bin".format(self.bucket)], env=self.env, timeout=120)
        # An unparseable head (400 from the HTTP layer, no request handed out) and an anonymous
        # request (403 AccessDenied before any backend is asked).
        host, port = self.server.hostport.split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            garbage_answer = s.recv(65536)
        self.assertIn(b" 400 ", garbage_answer.split(b"\r\n", 1)[0])
        import requests
        anon = requests.get("{}/{}/cli/upload.bin".format(self.server.endpoint, self.bucket),
                            timeout=30)
        self.assertEqual(anon.status_code, 403)

        def probe():
            lines = read_lines(self.log_path)
            cli = [l for l in lines if l["key"] == "cli/upload.bin" and l["method"] == "PUT"]
            refused = [l for l in lines if l["status"] == 400 and l["operation"] == ""]
            anonymous = [l for l in lines if l["request_id"] == anon.headers["x-amz-request-id"]]
            return (cli, refused, anonymous) if cli and refused and anonymous else None

        cli, refused, anonymous = Deadline(LOG_WAIT).poll(probe, "aws cli, 400 and 403 lines")
        self.assertEqual(cli[-1]["status"], 200)
        self.assertEqual(cli[-1]["bytes_in"], 3000)
        self.assertIn("aws-cli", cli[-1]["user_agent"])
        self.assertEqual(refused[-1]["remote"], "127.0.0.1")
        self.assertTrue(refused[-1]["request_id"])
        self.assertEqual(anonymous[0]["status"], 403)
        self.assertEqual(anonymous[0]["access_key"], "")
        self.assertEqual(anonymous[0]["operation"], "GetObject")


@harness.gateway_only("the access log is s3cascade's")
class AccessLogRotateTest(AccessLogTestBase):
    """SIGHUP reopens the file: logrotate renames it, then signals (postrotate)."""

    def test_sighup_after_rename(self):
        import requests
        log_dir = tempfile.mkdtemp(prefix="s3c-accesslog-")
        self.addCleanup(shutil.rmtree, log_dir, True)
        path = os.path.join(log_dir, "access.log")
        rotated = path + ".1"
        server = harness.GatewayServer(extra_args=["--access-log", path])
        self.addCleanup(server.cleanup)
        server.start()
        client = server.boto3_client()
        bucket = harness.unique_bucket("rotate")
        client.create_bucket(Bucket=bucket)
        client.put_object(Bucket=bucket, Key="k", Body=b"data")
        client.put_object(Bucket=bucket, Key="big", Body=os.urandom(BIG))
        url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"},
                                            ExpiresIn=600)
        first = requests.get(url, timeout=30).headers["x-amz-request-id"]
        self.wait_for(path, [first])

        # Requests keep running across rename and signal: none may be lost or split.
        ids, stop, errors = [], threading.Event(), []

        def load():
            with requests.Session() as session:
                while not stop.is_set():
                    try:
                        r = session.get(url, timeout=30)
                        ids.append(r.headers["x-amz-request-id"])
                    except Exception as e:  # reported below, the loop must not die silently
                        errors.append(repr(e))
                        return

        worker = threading.Thread(target=load)
        worker.start()
        try:
            Deadline(10).poll(lambda: len(ids) >= 20, "requests before the rotation")
            os.rename(path, rotated)
            Deadline(10).poll(lambda: len(ids) >= 40, "requests between rename and signal")
            server.proc.send_signal(signal.SIGHUP)
            Deadline(LOG_WAIT).poll(lambda: os.path.exists(path), "the reopened access log")
            count = len(ids)
            Deadline(10).poll(lambda: len(ids) >= count + 20, "requests after the signal")
        finally:
            stop.set()
            worker.join(timeout=30)
        self.assertEqual(errors, [])
        self.assertIsNone(server.proc.poll(), "SIGHUP ended the gateway")
        after = requests.get(url, timeout=30).headers["x-amz-request-id"]
        self.wait_for(path, [after], "a line in the new file")
        # SIGTERM with a download in flight: the gateway exits 0 having written every line, also
        # that download's, made as its connection closes just before the exit, while the writer
        # still gathers its batch: only the flush at exit writes it. No other connection may
        # stay open (boto3's idle pool would hold the exit for the 2 s linger, long after the
        # writer wrote everything), and http.client closes its socket at once.
        import http.client
        import urllib.parse
        big_url = urllib.parse.urlsplit(client.generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": "big"}, ExpiresIn=600))
        client.close()
        conn = http.client.HTTPConnection(big_url.hostname, big_url.port, timeout=30)
        try:
            conn.request("GET", big_url.path + "?" + big_url.query)
            big = conn.getresponse()
            self.assertEqual(big.status, 200)
            big_id = big.getheader("x-amz-request-id")
            got = len(big.read(256 * 1024))
            server.proc.send_signal(signal.SIGTERM)
            while True:
                chunk = big.read(1024 * 1024)
                if not chunk:
                    break
                got += len(chunk)
        finally:
            conn.close()
        self.assertEqual(got, BIG)
        # Our one SIGTERM ends it (a second one, as server.stop() would send, could come after
        # the handler is gone during the exit).
        self.assertEqual(server.proc.wait(timeout=harness.STOP_TIMEOUT), 0, server.log_tail())
        server.stop()
        ids.append(big_id)
        old, new = read_lines(rotated), read_lines(path)
        self.assertTrue(old and new)
        seen = {}
        for line in old + new:
            seen[line["request_id"]] = seen.get(line["request_id"], 0) + 1
        missing = [i for i in ids + [first, after] if i not in seen]
        self.assertEqual(missing, [], "requests without a line")
        self.assertEqual([i for i, n in seen.items() if n > 1], [], "requests logged twice")
        self.assertIn(after, [l["request_id"] for l in new])
        self.assertIn(first, [l["request_id"] for l in old])
        big_line = next(l for l in new if l["request_id"] == big_id)
        self.assertEqual((big_line["status"], big_line["bytes_out"], big_line["complete"]),
                         (200, BIG, True))


@harness.gateway_only("the access log is s3cascade's")
class AccessLogStdoutTest(AccessLogTestBase):
    """--access-log - : the lines go to standard output, beside the endpoint line."""

    def test_dash_is_stdout(self):
        server = harness.GatewayServer(extra_args=["--access-log", "-"])
        self.addCleanup(server.cleanup)
        server.start()
        client = server.boto3_client()
        bucket = harness.unique_bucket("stdout")
        created = client.create_bucket(Bucket=bucket)

        def stdout_lines():
            # The harness collects stdout and stderr in one file; the JSON lines are ours.
            with open(server.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
            return [json.loads(l) for l in text.split("\n") if l.startswith("{")]

        line = self.wait_for(stdout_lines, [request_id(created)])[request_id(created)]
        self.assertEqual((line["operation"], line["bucket"], line["status"]),
                         ("CreateBucket", bucket, 200))
        server.stop()


@harness.gateway_only("the access log is s3cascade's")
class AccessLogMultiTest(AccessLogTestBase):
    """s3-multi: the backend that served a read is named, as in x-s3cascade-backend."""

    def test_backend_named(self):
        log_dir = tempfile.mkdtemp(prefix="s3c-accesslog-")
        self.addCleanup(shutil.rmtree, log_dir, True)
        path = os.path.join(log_dir, "access.log")
        backend = multi_harness.PosixGateway()
        self.addCleanup(backend.cleanup)
        backend.start()
        gateway = multi_harness.MultiGateway(
            {"backends": [multi_harness.s3_entry(backend, "posix-primary")]},
            extra_args=["--quiet", "--access-log", path])
        self.addCleanup(gateway.cleanup)
        gateway.start()
        direct = backend.boto3_client()
        bucket = harness.unique_bucket("multi")
        direct.create_bucket(Bucket=bucket)
        direct.put_object(Bucket=bucket, Key="seeded", Body=b"abc")
        client = gateway.boto3_client()
        got = client.get_object(Bucket=bucket, Key="seeded")
        self.assertEqual(got["Body"].read(), b"abc")
        self.assertEqual(multi_harness.served_by(got), "posix-primary")
        line = self.wait_for(path, [request_id(got)])[request_id(got)]
        self.assertEqual((line["backend"], line["status"], line["bytes_out"]),
                         ("posix-primary", 200, 3))
        gateway.stop()
        backend.stop()


if __name__ == "__main__":
    harness.main()
