"""Integration harness: runs the real s3cascade binary (or moto_server, S3C_TARGET=moto) on a free
loopback port in a private temp directory and hands real clients (aws cli, boto3, s3cmd, rclone,
curl, requests) everything they need to talk to it.

Rules kept here so every test file gets them for free:
- No sleeps for synchronisation: the endpoint line is read from the child's stdout with select()
  and a deadline; waits for external state are deadline loops (Deadline.poll).
- Nothing leaks: children get PR_SET_PDEATHSIG, temp dirs are removed, the gateway is stopped
  with SIGTERM and its exit code is asserted to be 0 (the documented graceful stop).
- Clients never see the user's real configuration: HOME, XDG_CONFIG_HOME, AWS_CONFIG_FILE,
  AWS_SHARED_CREDENTIALS_FILE, RCLONE_CONFIG and the s3cmd config all point into the temp dir.

S3C_TARGET=moto runs the same tests against moto_server so the tests' own idea of S3 can be
checked against an independent implementation; tests that exercise s3cascade-only features (its
command line, generated credentials, presign signature checks moto does not do) are skipped there
with a printed reason via gateway_only(). Against s3cascade nothing is skipped.
"""

import ctypes
import hashlib
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid
import xml.etree.ElementTree as ET

TARGET = os.environ.get("S3C_TARGET", "s3cascade")
IS_GATEWAY = TARGET == "s3cascade"
REGION = "us-east-1"
ACCESS_KEY = "AKIAS3CINTEGRATION01"
SECRET_KEY = "integrationSecretKey/0123456789abcdefghij"
START_TIMEOUT = float(os.environ.get("S3C_START_TIMEOUT", "30"))
STOP_TIMEOUT = 20.0
MIB = 1024 * 1024

_PR_SET_PDEATHSIG = 1

# boto3 in this process must not pick up a profile, endpoint or checksum setting of whoever runs
# the tests: the payload-form tests depend on botocore's defaults.
for _name in [n for n in os.environ if n.startswith("AWS_")]:
    del os.environ[_name]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def _die_with_parent():
    # A crashed test must not leave a server behind (brief: do not leave servers running).
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


class Deadline:
    """A point in time; poll() repeats a probe until it is true or the deadline passes."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def remaining(self):
        return max(0.0, self.end - time.monotonic())

    def expired(self):
        return time.monotonic() >= self.end

    def poll(self, probe, what, interval=0.05):
        last = None
        while True:
            last = probe()
            if last:
                return last
            if self.expired():
                raise AssertionError("timed out waiting for " + what)
            # Waiting for an external clock (presign expiry) or process state: bounded by the
            # deadline, not a synchronisation sleep.
            threading.Event().wait(min(interval, self.remaining()))


class LineReader:
    """Reads whole lines from a pipe with select() and a deadline."""

    def __init__(self, stream):
        self.fd = stream.fileno()
        self.buf = b""
        self.lines = []
        self.eof = False

    def read_until(self, predicate, deadline):
        """Collects lines until predicate(lines) is true; returns the lines read so far."""
        while not predicate(self.lines):
            if self.eof:
                raise AssertionError("process closed its output before the expected lines; got:\n"
                                     + "\n".join(self.lines))
            timeout = deadline.remaining()
            if timeout <= 0:
                raise AssertionError("timed out reading process output; got so far:\n"
                                     + "\n".join(self.lines))
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                continue
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.eof = True
                if self.buf:
                    self.lines.append(self.buf.decode("utf-8", "replace"))
                    self.buf = b""
                continue
            self.buf += chunk
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                self.lines.append(line.decode("utf-8", "replace").rstrip("\r"))
        return self.lines


def _drain(stream, path):
    # Keeps the child's pipe empty after start-up so a chatty server never blocks on stdout.
    with open(path, "ab") as log:
        for chunk in iter(lambda: stream.read1(65536), b""):
            log.write(chunk)
            log.flush()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(MIB), b""):
            h.update(block)
    return h.hexdigest()


def write_random_file(path, size):
    """Random content, so a wrong offset or a dropped part cannot go unnoticed."""
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, 4 * MIB)
            f.write(os.urandom(n))
            left -= n
    return path


def unique_bucket(tag):
    # S3 bucket names: 3-63 chars, lowercase letters, digits, hyphens (bucket naming rules).
    tag = re.sub(r"[^a-z0-9-]", "-", tag.lower())[:40].strip("-")
    return "{}-{}".format(tag, uuid.uuid4().hex[:10])


def parse_error_xml(body):
    """Returns (Code, Message, RequestId) of an S3 error body or raises AssertionError."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise AssertionError("error body is not XML ({}): {!r}".format(e, body[:300]))
    if root.tag.split("}")[-1] != "Error":
        raise AssertionError("error body root is {} not Error: {!r}".format(root.tag, body[:300]))
    fields = {child.tag.split("}")[-1]: (child.text or "") for child in root}
    return fields.get("Code"), fields.get("Message"), fields.get("RequestId")


class Server:
    """Common part of a target: temp dir, client configuration, stop()."""

    name = "server"

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="s3c-integ-")
        self.home = os.path.join(self.tmp, "home")
        self.config_home = os.path.join(self.home, ".config")
        os.makedirs(self.config_home)
        self.log_path = os.path.join(self.tmp, "server.log")
        self.proc = None
        self.endpoint = None
        self.access_key = ACCESS_KEY
        self.secret_key = SECRET_KEY
        self.region = REGION
        self.lines = []
        self._drainers = []

    # --- process -------------------------------------------------------------------------
    def _spawn(self, argv, env):
        full_env = dict(os.environ)
        full_env.update(env)
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=full_env, cwd=self.tmp,
                                     preexec_fn=_die_with_parent)

    def _start_drainers(self):
        for stream in (self.proc.stdout, self.proc.stderr):
            t = threading.Thread(target=_drain, args=(stream, self.log_path), daemon=True)
            t.start()
            self._drainers.append(t)

    def log_tail(self, n=4000):
        try:
            with open(self.log_path, "rb") as f:
                data = f.read()
        except OSError:
            data = b""
        head = "\n".join(self.lines)
        return (head + "\n" + data[-n:].decode("utf-8", "replace")).strip()

    @property
    def pid(self):
        return self.proc.pid

    @property
    def hostport(self):
        return self.endpoint.split("://", 1)[1]

    def stop(self, expect_clean=True):
        """SIGTERM and wait; returns the exit code. The gateway must exit 0 (brief contract)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("{} did not stop within {}s of SIGTERM; log:\n{}".format(
                self.name, STOP_TIMEOUT, self.log_tail()))
        for t in self._drainers:
            t.join(timeout=5)
        for stream in (self.proc.stdout, self.proc.stderr):
            stream.close()
        if expect_clean and rc != 0:
            raise AssertionError("{} exited with {} after SIGTERM (expected 0); log:\n{}".format(
                self.name, rc, self.log_tail()))
        return rc

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- clients -------------------------------------------------------------------------
    def client_env(self):
        """Environment for aws cli / s3cmd / rclone child processes: nothing from the real user."""
        aws_config = os.path.join(self.tmp, "aws-config")
        aws_creds = os.path.join(self.tmp, "aws-credentials")
        # addressing_style=path: the gateway is path-style; signature_version=s3v4 makes
        # `aws s3 presign` produce SigV4 URLs (CLI v1 would otherwise presign with SigV2).
        with open(aws_config, "w") as f:
            f.write("[default]\nregion = {}\nmax_attempts = 2\ns3 =\n"
                    "    addressing_style = path\n    signature_version = s3v4\n".format(
                        self.region))
        with open(aws_creds, "w") as f:
            f.write("[default]\naws_access_key_id = {}\naws_secret_access_key = {}\n".format(
                self.access_key, self.secret_key))
        rclone_conf = os.path.join(self.tmp, "rclone.conf")
        open(rclone_conf, "a").close()
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("AWS_") or k.startswith("RCLONE_"):
                del env[k]
        env.update({
            "HOME": self.home,
            "XDG_CONFIG_HOME": self.config_home,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_CONFIG_FILE": aws_config,
            "AWS_SHARED_CREDENTIALS_FILE": aws_creds,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "RCLONE_CONFIG": rclone_conf,
            "RCLONE_CONFIG_S3C_TYPE": "s3",
            "RCLONE_CONFIG_S3C_PROVIDER": "Other",
            "RCLONE_CONFIG_S3C_ENDPOINT": self.endpoint or "",  # unset before start()
            "RCLONE_CONFIG_S3C_ACCESS_KEY_ID": self.access_key,
            "RCLONE_CONFIG_S3C_SECRET_ACCESS_KEY": self.secret_key,
            "RCLONE_CONFIG_S3C_REGION": self.region,
            "RCLONE_CONFIG_S3C_FORCE_PATH_STYLE": "true",
        })
        return env

    def s3cmd_config(self, chunk_mb=5):
        """An s3cmd 2.3 config: path style (host_bucket without %(bucket)s), plain HTTP, SigV4."""
        path = os.path.join(self.tmp, "s3cfg")
        with open(path, "w") as f:
            f.write("[default]\n"
                    "access_key = {ak}\nsecret_key = {sk}\n"
                    "host_base = {hp}\nhost_bucket = {hp}\n"
                    "use_https = False\nsignature_v2 = False\n"
                    "bucket_location = {region}\n"
                    "multipart_chunk_size_mb = {chunk}\n"
                    "check_ssl_certificate = False\n"
                    "progress_meter = False\n".format(ak=self.access_key, sk=self.secret_key,
                                                      hp=self.hostport, region=self.region,
                                                      chunk=chunk_mb))
        return path

    def boto3_client(self, access_key=None, secret_key=None, **config):
        import boto3
        from botocore.config import Config
        options = {"s3": {"addressing_style": "path"}, "signature_version": "s3v4",
                   "retries": {"max_attempts": 1, "mode": "standard"},
                   "connect_timeout": 10, "read_timeout": 60}
        options.update(config)
        session = boto3.session.Session(
            aws_access_key_id=access_key or self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            region_name=self.region)
        return session.client("s3", endpoint_url=self.endpoint, config=Config(**options))


class GatewayServer(Server):
    name = "s3cascade"

    def __init__(self, extra_args=(), with_keys=True, env=None, data_dir=None, region=None,
                 home=None):
        binary = os.environ.get("S3CASCADE_BIN", "")
        if not binary or not os.access(binary, os.X_OK):
            # Checked before any temp dir exists. (Seen in practice: a rebuild relinking the
            # binary while tests start makes it briefly missing.)
            raise AssertionError("S3CASCADE_BIN must name the built s3cascade binary (got {!r}); "
                                 "ctest sets it, by hand: S3CASCADE_BIN=build/app/s3cascade"
                                 .format(binary))
        super().__init__()
        if home:
            # A restart: the same HOME/XDG_CONFIG_HOME (and so the same stored credentials).
            self.home = home
            self.config_home = os.path.join(home, ".config")
        if region:
            self.region = region
            extra_args = list(extra_args) + ["--region", region]
        self.binary = binary
        self.data_dir = data_dir or os.path.join(self.tmp, "data")
        os.makedirs(self.data_dir, exist_ok=True)
        self.extra_args = list(extra_args)
        self.with_keys = with_keys
        self.env = dict(env or {})
        self.printed_keys = None
        # A restarted backend (test_faults.py) listens where its predecessor did.
        self.listen = "127.0.0.1:0"

    def base_env(self):
        env = {"HOME": self.home, "XDG_CONFIG_HOME": self.config_home,
               "QT_QPA_PLATFORM": "offscreen"}
        env.update(self.env)
        return env

    def serve_args(self):
        """The command saying what is served; s3-multi tests override it (multi_harness.py)."""
        return ["posix", self.data_dir]

    def argv_for(self, *args):
        return [self.binary] + list(args)

    def start(self, expect_keys=False):
        argv = [self.binary, "--no-gui", "--port", self.listen]
        if self.with_keys:
            argv += ["--access", self.access_key, "--secret", self.secret_key]
        argv += self.extra_args + self.serve_args()
        self._spawn(argv, self.base_env())
        reader = LineReader(self.proc.stdout)
        key_re = re.compile(r"^\s*(access|secret) key:\s*(\S+)", re.I)

        def done(lines):
            have_endpoint = any(l.startswith("endpoint: ") for l in lines)
            keys = {m.group(1).lower() for m in map(key_re.match, lines) if m}
            return have_endpoint and (not expect_keys or keys == {"access", "secret"})

        try:
            self.lines = reader.read_until(done, Deadline(START_TIMEOUT))
        except AssertionError as e:
            self.stop(expect_clean=False)
            raise AssertionError("{} did not start ({}); argv={}\n{}".format(
                self.name, e, argv, self.log_tail()))
        for line in self.lines:
            if line.startswith("endpoint: "):
                self.endpoint = line[len("endpoint: "):].strip().rstrip("/")
            m = key_re.match(line)
            if m:
                self.printed_keys = self.printed_keys or {}
                self.printed_keys[m.group(1).lower()] = m.group(2)
        if not re.match(r"^http://127\.0\.0\.1:\d+$", self.endpoint or ""):
            raise AssertionError("unexpected endpoint line: {!r}".format(self.endpoint))
        if expect_keys:
            self.access_key = self.printed_keys["access"]
            self.secret_key = self.printed_keys["secret"]
        # The log drainers continue after the lines already consumed by LineReader.
        if reader.buf:
            with open(self.log_path, "ab") as log:
                log.write(reader.buf)
        self._start_drainers()
        return self


class MotoServer(Server):
    name = "moto_server"

    def __init__(self, auth=False, region=None):
        super().__init__()
        self.auth = auth
        self.region = region or REGION

    def start(self, expect_keys=False):
        port = free_port()
        env = {"HOME": self.home}
        if self.auth:
            # moto checks SigV4 header signatures only with IAM auth on; the first 3 actions
            # (create user, key, policy) run unauthenticated to bootstrap a key.
            env["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
        self._spawn(["moto_server", "-H", "127.0.0.1", "-p", str(port)], env)
        reader = LineReader(self.proc.stderr)
        try:
            self.lines = reader.read_until(
                lambda lines: any("Running on http://" in l for l in lines), Deadline(START_TIMEOUT))
        except AssertionError as e:
            self.stop(expect_clean=False)
            raise AssertionError("moto_server did not start: {}".format(e))
        self.endpoint = "http://127.0.0.1:{}".format(port)
        self._start_drainers()
        if self.auth:
            self._bootstrap_iam()
        return self

    def _bootstrap_iam(self):
        import boto3
        iam = boto3.client("iam", endpoint_url=self.endpoint, region_name=self.region,
                           aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
        iam.create_user(UserName="integ")
        key = iam.create_access_key(UserName="integ")["AccessKey"]
        iam.put_user_policy(UserName="integ", PolicyName="all", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        self.access_key = key["AccessKeyId"]
        self.secret_key = key["SecretAccessKey"]

    def stop(self, expect_clean=True):
        # moto_server's exit status on SIGTERM is not part of any contract we test.
        return super().stop(expect_clean=False)


def start_target(auth=False, region=None, **gateway_kwargs):
    """Starts the selected target; auth=True asks moto to verify signatures (gateway always does)."""
    if IS_GATEWAY:
        server = GatewayServer(region=region, **gateway_kwargs)
    elif TARGET == "moto":
        server = MotoServer(auth=auth, region=region)
    else:
        raise AssertionError("unknown S3C_TARGET {!r} (s3cascade or moto)".format(TARGET))
    try:
        return server.start()
    except BaseException:
        server.cleanup()  # tearDownClass does not run when setUpClass fails
        raise


def gateway_only(reason):
    """Skips under moto (with the reason printed); never skips against s3cascade."""
    return unittest.skipUnless(IS_GATEWAY, "moto_server: " + reason)


def force_trailer_checksums(client):
    """Makes botocore send what it sends over TLS by default: aws-chunked bodies signed
    STREAMING-UNSIGNED-PAYLOAD-TRAILER with an x-amz-checksum-crc32 trailer. botocore 1.43 picks
    the trailer form only for https endpoints (httpchecksum.py) and falls back to a checksum
    header over plain http, so without this the trailer path would go untested on loopback."""

    def to_trailer(model, params, **_):
        algorithm = params.get("context", {}).get("checksum", {}).get("request_algorithm")
        if model.has_streaming_input and isinstance(algorithm, dict) and algorithm["in"] == "header":
            algorithm["in"] = "trailer"

    client.meta.events.register("before-call.s3", to_trailer)
    return client


def record_headers(client):
    """Returns a list that collects (operation, request headers) of every request sent."""
    seen = []

    def remember(request, event_name="", **_):
        headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v)
                   for k, v in request.headers.items()}
        seen.append((event_name.rsplit(".", 1)[-1], headers))

    client.meta.events.register("before-send.s3", remember)
    return seen


class CommandFailed(AssertionError):
    pass


def run(argv, env=None, timeout=300, check=True, input=None, cwd=None):
    """Runs a client command; failures carry the command, exit code and output tails."""
    exe = shutil.which(argv[0], path=(env or os.environ).get("PATH"))
    if exe is None:
        # Brief: a missing client is a failure, never a skip (installer/test-packages.txt).
        raise CommandFailed("client {!r} is not installed: installer/test-packages.txt lists it "
                            "(tests/run-tests.sh installs them)".format(argv[0]))
    try:
        cp = subprocess.run(argv, env=env, timeout=timeout, input=input, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_die_with_parent)
    except subprocess.TimeoutExpired as e:
        raise CommandFailed("{} timed out after {}s\nstdout: {}\nstderr: {}".format(
            " ".join(argv), timeout, (e.stdout or b"")[-2000:], (e.stderr or b"")[-2000:]))
    if check and cp.returncode != 0:
        raise CommandFailed("{} exited {}\nstdout: {}\nstderr: {}".format(
            " ".join(argv), cp.returncode, cp.stdout.decode("utf-8", "replace")[-3000:],
            cp.stderr.decode("utf-8", "replace")[-3000:]))
    return cp


class IntegrationTestCase(unittest.TestCase):
    """One target per test class (started in setUpClass, stopped with SIGTERM -> exit 0)."""

    server_auth = False
    server_region = None
    server_kwargs = {}
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.server = start_target(auth=cls.server_auth, region=cls.server_region,
                                  **cls.server_kwargs)
        cls.env = cls.server.client_env()
        cls.s3 = cls.server.boto3_client()
        cls.work = tempfile.mkdtemp(prefix="s3c-integ-work-")

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.server.cleanup()
            shutil.rmtree(cls.work, ignore_errors=True)

    def setUp(self):
        if self.server.proc.poll() is not None:
            self.fail("{} died before this test (exit {}); log:\n{}".format(
                self.server.name, self.server.proc.returncode, self.server.log_tail()))

    def tearDown(self):
        # A crash during a test is reported against that test, with the server's log.
        if self.server.proc.poll() is not None:
            self.fail("{} exited during the test (exit {}); log:\n{}".format(
                self.server.name, self.server.proc.returncode, self.server.log_tail()))

    # --- helpers ---------------------------------------------------------------------------
    def new_bucket(self, tag=None):
        name = unique_bucket(tag or self._testMethodName.replace("test_", ""))
        self.s3.create_bucket(Bucket=name)
        return name

    def path(self, *parts):
        p = os.path.join(self.work, *parts)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def aws(self, *args, timeout=300, check=True):
        # S3C_AWS picks another aws cli (Debian's v2 at /usr/bin/aws beside a v1 on PATH).
        return run([os.environ.get("S3C_AWS", "aws"), "--endpoint-url", self.server.endpoint] + list(args), env=self.env,
                   timeout=timeout, check=check)

    def s3api(self, *args, check=True):
        """aws s3api with JSON output; returns the parsed document ({} for empty output)."""
        cp = self.aws("s3api", *args, "--output", "json", check=check)
        out = cp.stdout.decode("utf-8").strip()
        return json.loads(out) if out else {}

    def assert_client_error(self, fn, code, status=None):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError, msg="expected S3 error " + code) as ctx:
            fn()
        err = ctx.exception.response.get("Error", {})
        meta = ctx.exception.response.get("ResponseMetadata", {})
        self.assertEqual(err.get("Code"), code, "wrong S3 error code; response: {}".format(
            ctx.exception.response))
        if status is not None:
            self.assertEqual(meta.get("HTTPStatusCode"), status, "wrong HTTP status")
        return ctx.exception.response

    def assert_s3_error(self, response, status, code):
        """A raw HTTP response must carry S3 XML with Code, Message and RequestId."""
        self.assertEqual(response.status_code, status,
                         "status {} for {} {}; body: {!r}".format(
                             response.status_code, response.request.method,
                             response.request.url, response.content[:500]))
        got_code, message, request_id = parse_error_xml(response.content)
        self.assertEqual(got_code, code, "body: {!r}".format(response.content[:500]))
        self.assertTrue(message, "error body has no Message: {!r}".format(response.content[:500]))
        self.assertTrue(request_id, "error body has no RequestId: {!r}".format(
            response.content[:500]))


def main():
    """unittest.main with a closing 'N passed, N failed' line; exit status 1 on any failure."""
    if not IS_GATEWAY:
        print("S3C_TARGET={}: validating the tests against {}".format(TARGET, TARGET))
    program = unittest.main(verbosity=2, exit=False)
    result = program.result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    # setUpClass/tearDownClass errors are reported as errors without being counted in testsRun.
    in_tests = failed - sum(isinstance(t, unittest.suite._ErrorHolder) for t, _ in result.errors)
    skipped = len(result.skipped)
    passed = max(0, result.testsRun - in_tests - skipped)
    print("{} passed, {} failed, {} skipped".format(passed, failed, skipped))
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
