"""Admin API (issue #13): `--admin [HOST]:PORT` on QHttpServer beside the S3 endpoint, through the
real binary on port 0 with real clients (http.client, boto3, promtool).

- the bearer token: made from the CSPRNG on the first start, kept 0600 beside credentials.json,
  printed by `s3cascade admin-token`, overridden by S3CASCADE_ADMIN_TOKEN; 401 JSON without it;
  /healthz, /readyz and /metrics open unless --admin-auth-all;
- no answer ever holds a secret (the gateway's secret key, a backend's secret);
- the listener guard: a 2 MiB body or a 2 MiB header is refused (413) without memory growth, an
  idle connection and a request that never completes are closed;
- /readyz turns 503 when every backend of an s3-multi gateway is stopped (SIGSTOP), while
  /healthz and /metrics keep answering at once;
- /metrics passes `promtool check metrics` after real S3 requests and its counters moved by
  what was done (in posix mode and in s3-multi mode);
- PUT /api/v1/backends validates (400 naming the field), keeps masked secrets, and changes the
  cascade without a restart; POST /api/v1/presign makes a URL that works; GET /api/v1/log gives
  the log lines since an id.
"""

import http.client
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import multi_harness  # noqa: E402
from harness import Deadline, GatewayServer, MIB  # noqa: E402

ADMIN_RE = re.compile(r"^admin: (http://127\.0\.0\.1:(\d+))$")


def admin_url(server):
    for line in server.lines:
        m = ADMIN_RE.match(line)
        if m:
            return m.group(1)
    raise AssertionError("no 'admin: http://HOST:PORT' line before the endpoint; got:\n"
                         + "\n".join(server.lines))


def request(url, method, path, token=None, body=None, headers=None, timeout=10):
    """(status, headers dict, body bytes) of one admin request on a fresh connection."""
    host, port = url.split("//", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        h = dict(headers or {})
        if token is not None:
            h["Authorization"] = "Bearer " + token
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def get_json(url, path, token=None, expect=200):
    status, headers, body = request(url, "GET", path, token)
    if status != expect:
        raise AssertionError("GET {} answered {} (expected {}): {!r}".format(path, status, expect, body[:500]))
    assert headers.get("content-type", "").startswith("application/json"), headers
    return json.loads(body)


def parse_metrics(text):
    """{(name, frozenset(labels.items())): value} of an exposition."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$', line)
        assert m, "not an exposition line: {!r}".format(line)
        labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        out[(m.group(1), frozenset(labels.items()))] = float(m.group(4))
    return out


def metric(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def scrape(url, token=None):
    status, headers, body = request(url, "GET", "/metrics", token)
    assert status == 200, (status, body[:300])
    assert headers.get("content-type", "").startswith("text/plain; version=0.0.4"), headers
    return body.decode("utf-8")


def promtool_check(text):
    r = subprocess.run(["promtool", "check", "metrics"], input=text.encode("utf-8"),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    if r.returncode != 0:
        raise AssertionError("promtool check metrics failed ({}):\n{}".format(
            r.returncode, r.stdout.decode("utf-8", "replace")))


def rss_kib(pid):
    with open("/proc/{}/status".format(pid)) as f:
        return int(f.read().split("VmRSS:")[1].split()[0])


class AdminGateway(GatewayServer):
    """A posix gateway with the admin API on a free port."""

    def __init__(self, admin_args=(), **kwargs):
        extra = list(kwargs.pop("extra_args", []))
        super().__init__(extra_args=extra + ["--admin", "127.0.0.1:0"] + list(admin_args), **kwargs)

    def start(self, expect_keys=False):
        super().start(expect_keys)
        self.admin = admin_url(self)
        return self

    def token_path(self):
        return os.path.join(self.config_home, "s3cascade", "admin-token")

    def token(self):
        with open(self.token_path()) as f:
            return f.read().strip()


class TokenTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = AdminGateway().start()

    @classmethod
    def tearDownClass(cls):
        try:
            cls.gw.stop()
        finally:
            cls.gw.cleanup()

    def test_token_file_is_private_and_printed_by_the_command(self):
        path = self.gw.token_path()
        mode = stat.S_IMODE(os.stat(path).st_mode)
        self.assertEqual(mode, 0o600, "admin-token has mode {:o}".format(mode))
        token = self.gw.token()
        self.assertRegex(token, r"^[0-9a-f]{64}$")
        env = dict(os.environ, **self.gw.base_env())
        env.pop("S3CASCADE_ADMIN_TOKEN", None)
        out = subprocess.run([self.gw.binary, "admin-token"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=30, check=True)
        self.assertEqual(out.stdout.decode().strip(), token)

    def test_token_required_and_checked(self):
        token = self.gw.token()
        for path in ("/api/v1/status", "/api/v1/stats", "/api/v1/requests", "/api/v1/backends"):
            wrong_last = token[:-1] + ("0" if token[-1] != "0" else "1")
            for given in (None, "", "0" * 64, wrong_last, token + "0", token[:-1], token[:32], token.upper()):
                status, headers, body = request(self.gw.admin, "GET", path, given)
                self.assertEqual(status, 401, "{} with token {!r}: {} {!r}".format(path, given, status, body))
                self.assertIn("application/json", headers.get("content-type", ""))
                self.assertIn("error", json.loads(body))
                self.assertTrue(headers.get("www-authenticate", "").startswith("Bearer"), headers)
            get_json(self.gw.admin, path, token)
        # The scheme is case-insensitive (RFC 6750 refers to RFC 7235's auth-scheme).
        status, _, _ = request(self.gw.admin, "GET", "/api/v1/status",
                               headers={"Authorization": "bearer " + token})
        self.assertEqual(status, 200)

    def test_open_endpoints_without_token(self):
        self.assertEqual(get_json(self.gw.admin, "/healthz")["status"], "ok")
        ready = get_json(self.gw.admin, "/readyz")
        self.assertTrue(ready["ready"])
        self.assertEqual([b["name"] for b in ready["backends"]], ["local"])
        self.assertIn("s3cascade_build_info", scrape(self.gw.admin))

    def test_status(self):
        s = get_json(self.gw.admin, "/api/v1/status", self.gw.token())
        self.assertEqual(s["mode"], "posix")
        self.assertEqual(s["endpoints"], [self.gw.endpoint])
        self.assertEqual(s["accessKeyId"], self.gw.access_key)
        self.assertGreaterEqual(s["threads"], 1)
        self.assertGreaterEqual(s["uptimeSeconds"], 0)

    def test_secrets_never_in_any_answer(self):
        token = self.gw.token()
        c = self.gw.boto3_client()
        c.create_bucket(Bucket="secrets")
        c.put_object(Bucket="secrets", Key="k", Body=b"x")
        bodies = []
        for path in ("/healthz", "/readyz", "/metrics", "/api/v1/status", "/api/v1/stats",
                     "/api/v1/requests", "/api/v1/backends"):
            bodies.append(request(self.gw.admin, "GET", path, token)[2])
        bodies.append(request(self.gw.admin, "GET", "/api/v1/status")[2])
        bodies.append(request(self.gw.admin, "POST", "/api/v1/presign", token,
                              json.dumps({"bucket": "secrets", "key": "k"}))[2])
        for body in bodies:
            self.assertNotIn(self.gw.secret_key.encode(), body)
            self.assertNotIn(token.encode(), body)

    def test_log(self):
        token = self.gw.token()
        log = get_json(self.gw.admin, "/api/v1/log", token)
        texts = [l["text"] for l in log["lines"]]
        self.assertTrue(any("admin API on " + self.gw.admin in t for t in texts), texts)
        ids = [l["id"] for l in log["lines"]]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(log["next"], ids[-1])
        self.assertEqual(get_json(self.gw.admin, "/api/v1/log?since=%d" % log["next"], token)["lines"], [])
        self.assertEqual(request(self.gw.admin, "GET", "/api/v1/log")[0], 401)

    def test_presign(self):
        import urllib.request
        token = self.gw.token()
        c = self.gw.boto3_client()
        c.create_bucket(Bucket="presigned")
        c.put_object(Bucket="presigned", Key="dir/a b.txt", Body=b"presigned body")
        status, _, body = request(self.gw.admin, "POST", "/api/v1/presign", token,
                                  json.dumps({"method": "GET", "bucket": "presigned",
                                              "key": "dir/a b.txt", "expires": 300}))
        self.assertEqual(status, 200, body)
        url = json.loads(body)["url"]
        self.assertTrue(url.startswith(self.gw.endpoint + "/presigned/dir/a%20b.txt?"), url)
        with urllib.request.urlopen(url, timeout=10) as r:
            self.assertEqual(r.read(), b"presigned body")
        status, _, body = request(self.gw.admin, "POST", "/api/v1/presign", token,
                                  json.dumps({"bucket": "presigned", "key": "k", "expires": 604801}))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["field"], "expires")


class EnvironmentTokenTests(unittest.TestCase):
    def test_environment_overrides_and_auth_all(self):
        gw = AdminGateway(admin_args=["--admin-auth-all"],
                          env={"S3CASCADE_ADMIN_TOKEN": "env-token-0123456789"})
        try:
            gw.start()
            self.assertFalse(os.path.exists(gw.token_path()), "a token file was made although the environment gave one")
            for path in ("/healthz", "/readyz", "/metrics", "/api/v1/status"):
                self.assertEqual(request(gw.admin, "GET", path)[0], 401, path)
                self.assertEqual(request(gw.admin, "GET", path, "env-token-012345678")[0], 401, path)
                self.assertEqual(request(gw.admin, "GET", path, "env-token-0123456789")[0], 200, path)
            gw.stop()
        finally:
            gw.cleanup()


class GuardTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = AdminGateway(extra_args=["--idle-timeout", "1", "--header-timeout", "2"]).start()
        host, port = cls.gw.admin.split("//")[1].split(":")
        cls.addr = (host, int(port))

    @classmethod
    def tearDownClass(cls):
        try:
            cls.gw.stop()
        finally:
            cls.gw.cleanup()

    def read_answer(self, s, deadline):
        """What the server sends until it closes (or the deadline passes)."""
        data = b""
        while not deadline.expired():
            s.settimeout(max(0.05, deadline.remaining()))
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
        return data

    def send_oversized(self, head, filler):
        s = socket.create_connection(self.addr, timeout=10)
        try:
            s.sendall(head)
            sent = 0
            try:
                while sent < 2 * MIB:
                    s.sendall(filler)
                    sent += len(filler)
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused while sending: the answer may still be readable
            return self.read_answer(s, Deadline(10))
        finally:
            s.close()

    def test_oversized_body_and_header_refused_without_memory_growth(self):
        token = self.gw.token()
        body_head = ("PUT /api/v1/backends HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n"
                     "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n").format(
                         token, 2 * MIB).encode()
        header_head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: "
        before = rss_kib(self.gw.pid)
        for _ in range(3):
            for head, filler in ((body_head, b"x" * 65536), (header_head, b"y" * 65536)):
                answer = self.send_oversized(head, filler)
                self.assertTrue(answer.startswith(b"HTTP/1.1 413 "), "answer: {!r}".format(answer[:200]))
                self.assertIn(b"Connection: close", answer)
        grown = rss_kib(self.gw.pid) - before
        # Six 2 MiB requests: buffered whole (as QHttpServer alone does) they would add well over
        # 12 MiB; refused at 1 MiB, each connection's memory is given back.
        self.assertLess(grown, 8 * 1024, "RSS grew by {} KiB".format(grown))
        # The listener still serves, and a request just under the bound is served.
        self.assertEqual(request(self.gw.admin, "GET", "/healthz")[0], 200)
        status, _, body = request(self.gw.admin, "GET", "/healthz", headers={"X-Filler": "z" * (900 * 1024)})
        self.assertEqual(status, 200, body[:200])

    def test_idle_connection_closed(self):
        s = socket.create_connection(self.addr, timeout=10)
        try:
            started = time.monotonic()
            self.assertEqual(self.read_answer(s, Deadline(8)), b"")
            self.assertLess(time.monotonic() - started, 6, "an idle connection stayed open")
        finally:
            s.close()

    def test_incomplete_request_closed(self):
        s = socket.create_connection(self.addr, timeout=10)
        try:
            started = time.monotonic()
            # One byte every half second keeps the idle timer from firing; the request timer
            # (--header-timeout 2) still ends it.
            deadline = Deadline(10)
            answer = b""
            for ch in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 40:
                try:
                    s.sendall(bytes([ch]))
                except (BrokenPipeError, ConnectionResetError):
                    break
                answer = self.read_answer(s, Deadline(0.5))
                if answer or deadline.expired():
                    break
            answer += self.read_answer(s, Deadline(5))
            self.assertTrue(answer.startswith(b"HTTP/1.1 408 "), answer[:200])
            self.assertLess(time.monotonic() - started, 8)
        finally:
            s.close()


class MultiAdminTests(multi_harness.MultiTestCase):
    """s3-multi over two s3cascade posix backends, the admin API on."""

    backend_names = ["b0", "b1"]
    # Fast probes: a stopped backend is ejected within a second.
    multi_options = {"healthIntervalMs": 200, "healthEjectedIntervalMs": 200, "healthTimeoutMs": 500}

    @classmethod
    def make_backends(cls):
        return [multi_harness.PosixGateway(), multi_harness.PosixGateway()]

    @classmethod
    def setUpClass(cls):
        cls.backends = multi_harness.start_all(cls.make_backends())
        try:
            config = {"backends": cls.backend_entries(cls.backends)}
            config.update(cls.multi_options)
            cls.gateway = multi_harness.start_all([multi_harness.MultiGateway(
                config, extra_args=["--quiet", "--admin", "127.0.0.1:0"])])[0]
        except BaseException:
            multi_harness.stop_all(cls.backends)
            raise
        cls.direct = [b.boto3_client() for b in cls.backends]

    def admin(self):
        return admin_url(self.gateway)

    def token(self):
        with open(os.path.join(self.gateway.config_home, "s3cascade", "admin-token")) as f:
            return f.read().strip()

    def test_metrics_after_real_requests(self):
        bucket = self.bucket_everywhere("metrics")
        c = self.gateway.boto3_client()
        before = parse_metrics(scrape(self.admin()))
        c.put_object(Bucket=bucket, Key="on-primary", Body=b"p" * 1000)
        self.direct[1].put_object(Bucket=bucket, Key="on-fallback", Body=b"f" * 3000)
        for _ in range(3):
            self.assertEqual(c.get_object(Bucket=bucket, Key="on-primary")["Body"].read(), b"p" * 1000)
        self.assertEqual(c.get_object(Bucket=bucket, Key="on-fallback")["Body"].read(), b"f" * 3000)
        with self.assertRaises(Exception):
            c.get_object(Bucket=bucket, Key="nowhere")
        bad = self.gateway.boto3_client(secret_key="wrong" * 8)
        with self.assertRaises(Exception):
            bad.get_object(Bucket=bucket, Key="on-primary")
        text = scrape(self.admin())
        promtool_check(text)
        after = parse_metrics(text)

        def moved(name, **labels):
            return metric(after, name, **labels) - metric(before, name, **labels)

        self.assertEqual(moved("s3cascade_requests_total", operation="GetObject", code="200"), 4)
        self.assertEqual(moved("s3cascade_requests_total", operation="GetObject", code="404"), 1)
        self.assertEqual(moved("s3cascade_requests_total", operation="GetObject", code="403"), 1)
        self.assertEqual(moved("s3cascade_requests_total", operation="PutObject", code="200"), 1)
        self.assertEqual(moved("s3cascade_request_duration_seconds_count", operation="GetObject"), 6)
        self.assertEqual(moved("s3cascade_request_duration_seconds_bucket", operation="GetObject", le="+Inf"), 6)
        self.assertGreater(moved("s3cascade_request_duration_seconds_sum", operation="GetObject"), 0)
        self.assertGreaterEqual(moved("s3cascade_bytes_received_total"), 1000)
        self.assertGreaterEqual(moved("s3cascade_bytes_sent_total"), 3 * 1000 + 3000)
        self.assertGreaterEqual(moved("s3cascade_cascade_reads_total", served_by_position="1"), 3)
        self.assertEqual(moved("s3cascade_cascade_reads_total", served_by_position="2"), 1)
        self.assertEqual(moved("s3cascade_backend_requests_total", backend="b0", operation="write", result="hit"), 1)
        self.assertGreaterEqual(moved("s3cascade_backend_requests_total", backend="b0", operation="read", result="hit"), 3)
        # on-fallback and nowhere: missed on the primary; found on b1 once, missed there once.
        self.assertGreaterEqual(moved("s3cascade_backend_requests_total", backend="b0", operation="read", result="miss"), 2)
        self.assertEqual(moved("s3cascade_backend_requests_total", backend="b1", operation="read", result="hit"), 1)
        self.assertGreaterEqual(moved("s3cascade_backend_requests_total", backend="b1", operation="read", result="miss"), 1)
        self.assertGreaterEqual(moved("s3cascade_backend_request_duration_seconds_count", backend="b0"), 4)
        self.assertEqual(metric(after, "s3cascade_backend_up", backend="b0"), 1)
        self.assertEqual(metric(after, "s3cascade_backend_up", backend="b1"), 1)
        self.assertGreater(metric(after, "process_resident_memory_bytes"), 1e6)
        self.assertGreater(metric(after, "process_open_fds"), 3)
        self.assertGreater(metric(after, "process_start_time_seconds"), time.time() - 3600)
        self.assertLessEqual(metric(after, "process_start_time_seconds"), time.time())
        self.assertGreater(metric(after, "process_cpu_seconds_total"), 0)
        self.assertTrue(any(k[0] == "s3cascade_build_info" for k in after))
        # Never a bucket or a key as a label value.
        self.assertNotIn(bucket, text)
        self.assertNotIn("on-fallback", text)
        # The stats and recent requests say the same.
        stats = get_json(self.admin(), "/api/v1/stats", self.token())
        self.assertEqual([b["name"] for b in stats["backends"]], ["b0", "b1"])
        self.assertGreaterEqual(stats["backends"][1]["fallbackHits"], 1)
        recent = get_json(self.admin(), "/api/v1/requests?limit=2", self.token())["requests"]
        self.assertEqual(len(recent), 2)

    def test_backends_masked_and_put_changes_the_cascade(self):
        admin, token = self.admin(), self.token()
        bucket = self.bucket_everywhere("put")
        self.direct[1].put_object(Bucket=bucket, Key="only-b1", Body=b"from b1")
        current = get_json(admin, "/api/v1/backends", token)
        for entry in current["backends"]:
            self.assertEqual(entry["secret"], "********")
        for s in self.backends:
            self.assertNotIn(s.secret_key, json.dumps(current))
        c = self.gateway.boto3_client()
        self.assertEqual(c.get_object(Bucket=bucket, Key="only-b1")["Body"].read(), b"from b1")
        log_before = get_json(admin, "/api/v1/log", token)["next"]
        # Only the primary, its secret sent back masked: kept.
        only_b0 = dict(current, backends=[current["backends"][0]])
        status, _, body = request(admin, "PUT", "/api/v1/backends", token, json.dumps(only_b0))
        self.assertEqual(status, 200, body)
        self.addCleanup(self.restore_backends)
        self.assertNotIn(self.backends[0].secret_key.encode(), body)
        with self.assertRaises(Exception):
            c.get_object(Bucket=bucket, Key="only-b1")
        self.assertEqual(get_json(admin, "/readyz")["backends"][0]["name"], "b0")
        c.put_object(Bucket=bucket, Key="after-put", Body=b"still works")  # the kept secret signs
        # Invalid: 400 naming the field, nothing changes.
        broken = json.loads(json.dumps(current))
        broken["backends"][1]["endpoint"] = "not a url"
        status, _, body = request(admin, "PUT", "/api/v1/backends", token, json.dumps(broken))
        self.assertEqual(status, 400, body)
        self.assertEqual(json.loads(body)["field"], "backends[1].endpoint")
        unknown = json.loads(json.dumps(current))
        unknown["backends"][1]["name"] = "new-name"
        status, _, body = request(admin, "PUT", "/api/v1/backends", token, json.dumps(unknown))
        self.assertEqual(status, 400, body)
        self.assertEqual(json.loads(body)["field"], "backends[1].secret")
        self.assertEqual(len(get_json(admin, "/api/v1/backends", token)["backends"]), 1)
        log = get_json(admin, "/api/v1/log?since=%d" % log_before, token)["lines"]
        self.assertTrue(any("backends applied without a restart" in l["text"] for l in log), log)
        # Both again: the fallback serves its key, without a restart. b1 is not running any more,
        # so its secret has to be given; b0's stays masked.
        full = json.loads(json.dumps(current))
        full["backends"][1]["secret"] = self.backends[1].secret_key
        status, _, body = request(admin, "PUT", "/api/v1/backends", token, json.dumps(full))
        self.assertEqual(status, 200, body)
        self.assertEqual(c.get_object(Bucket=bucket, Key="only-b1")["Body"].read(), b"from b1")
        with open(self.gateway.config_path) as f:
            saved = json.load(f)
        self.assertEqual([b["name"] for b in saved["backends"]], ["b0", "b1"])
        self.assertEqual(saved["backends"][1]["secret"], self.backends[1].secret_key)

    def restore_backends(self):
        config = {"backends": self.backend_entries(self.backends)}
        config.update(self.multi_options)
        status, _, body = request(self.admin(), "PUT", "/api/v1/backends", self.token(), json.dumps(config))
        self.assertEqual(status, 200, body)

    def test_readyz_503_when_backends_stop_and_admin_keeps_answering(self):
        admin = self.admin()
        self.assertEqual(request(admin, "GET", "/readyz")[0], 200)
        bucket = self.bucket_everywhere("stop")
        c = self.gateway.boto3_client(read_timeout=30)
        c.put_object(Bucket=bucket, Key="k", Body=b"v")
        stopped = []
        hung = threading.Thread(target=lambda: self._swallow(lambda: c.get_object(Bucket=bucket, Key="k")["Body"].read()))
        try:
            for s in self.backends:
                os.kill(s.pid, signal.SIGSTOP)
                stopped.append(s)
            hung.start()  # an S3 read hanging on a stopped backend
            for _ in range(5):
                for path in ("/healthz", "/metrics"):
                    started = time.monotonic()
                    status, _, _ = request(admin, "GET", path, timeout=5)
                    self.assertEqual(status, 200)
                    self.assertLess(time.monotonic() - started, 0.5, path + " was slow")
            Deadline(20).poll(lambda: request(admin, "GET", "/readyz")[0] == 503, "readyz 503")
            status, _, body = request(admin, "GET", "/readyz")
            ready = json.loads(body)
            self.assertFalse(ready["ready"])
            self.assertEqual([b["healthy"] for b in ready["backends"]], [False, False])
            samples = parse_metrics(scrape(admin))
            self.assertEqual(metric(samples, "s3cascade_backend_up", backend="b0"), 0)
            self.assertGreaterEqual(metric(samples, "s3cascade_backend_ejections_total", backend="b0"), 1)
        finally:
            for s in stopped:
                os.kill(s.pid, signal.SIGCONT)
        Deadline(20).poll(lambda: request(admin, "GET", "/readyz")[0] == 200, "readyz 200 again")
        hung.join(timeout=60)

    @staticmethod
    def _swallow(fn):
        try:
            fn()
        except Exception:
            pass


class PosixMetricsTests(unittest.TestCase):
    """The request counters work without s3-multi too (the one-directory mode)."""

    def test_counts_in_posix_mode(self):
        gw = AdminGateway()
        try:
            gw.start()
            c = gw.boto3_client()
            c.create_bucket(Bucket="posix-metrics")
            before = parse_metrics(scrape(gw.admin))
            for i in range(5):
                c.put_object(Bucket="posix-metrics", Key="k%d" % i, Body=b"z" * 4096)
                c.get_object(Bucket="posix-metrics", Key="k%d" % i)["Body"].read()
            # A large body goes out by sendfile, past the socket object: counted all the same.
            big = os.urandom(3 * MIB)
            c.put_object(Bucket="posix-metrics", Key="big", Body=big)
            self.assertEqual(c.get_object(Bucket="posix-metrics", Key="big")["Body"].read(), big)
            text = scrape(gw.admin)
            promtool_check(text)
            after = parse_metrics(text)
            self.assertEqual(metric(after, "s3cascade_requests_total", operation="GetObject", code="200")
                             - metric(before, "s3cascade_requests_total", operation="GetObject", code="200"), 6)
            self.assertEqual(metric(after, "s3cascade_requests_total", operation="PutObject", code="200")
                             - metric(before, "s3cascade_requests_total", operation="PutObject", code="200"), 6)
            received = metric(after, "s3cascade_bytes_received_total") - metric(before, "s3cascade_bytes_received_total")
            sent = metric(after, "s3cascade_bytes_sent_total") - metric(before, "s3cascade_bytes_sent_total")
            # Bodies plus heads (a few hundred bytes a request): more than the bodies, not much more.
            self.assertGreaterEqual(received, 5 * 4096 + 3 * MIB)
            self.assertLess(received, 5 * 4096 + 3 * MIB + 64 * 1024)
            self.assertGreaterEqual(sent, 5 * 4096 + 3 * MIB)
            self.assertLess(sent, 5 * 4096 + 3 * MIB + 64 * 1024)
            gw.stop()
        finally:
            gw.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
