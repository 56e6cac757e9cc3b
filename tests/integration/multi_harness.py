"""s3-multi scenarios (issue #3): the real s3cascade in `s3-multi --config FILE` mode in front of
real backends on loopback, each one a process of its own:

- PosixGateway: a second s3cascade serving a directory (`posix DIR`) with keys of its own, so a
  test can SIGKILL it like a crashed primary;
- harness.MotoServer: moto_server from the image's python;
- S3rverServer: the npm s3rver that tests/run-tests.sh installs into <source>/.deps/node
  (gateway/config/README.md); absent -> the test fails and says how to install it.

MultiGateway writes the backends JSON into its temp dir and runs the gateway on it. Every server
is reached directly too (Backend.client()), to seed objects where a scenario needs them and to
check where the gateway put them.
"""

import json
import os
import re
import shutil
import unittest

import harness
from harness import Deadline, LineReader, MotoServer, Server, START_TIMEOUT  # noqa: F401

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
S3RVER_JS = os.path.join(TOP, ".deps", "node", "node_modules", "s3rver", "bin", "s3rver.js")
BACKEND_HEADER = "x-s3cascade-backend"
PARTIAL_HEADER = "x-s3cascade-partial-listing"


class PosixGateway(harness.GatewayServer):
    """A second s3cascade in posix mode, used as an S3 backend; keys differ from the front's, so
    a request that reaches it must have been re-signed with the backend's own keys."""

    name = "s3cascade-posix-backend"

    def __init__(self, **kwargs):
        super().__init__(extra_args=["--quiet"], **kwargs)
        self.access_key = "AKIAS3CPOSIXBACKEND1"
        self.secret_key = "posixBackendSecret/0123456789abcdefghijkl"

    def kill(self):
        """SIGKILL, as a crashed process: no graceful stop, sockets reset by the kernel."""
        self.proc.kill()
        self.proc.wait(timeout=10)


class S3rverServer(Server):
    name = "s3rver"

    def __init__(self):
        super().__init__()
        # s3rver checks signatures against its one built-in account.
        self.access_key = "S3RVER"
        self.secret_key = "S3RVER"

    def start(self):
        node = shutil.which("node")
        if not node:
            raise AssertionError("node is not on PATH: tests/run-tests.sh installs nodejs and npm")
        if not os.path.isfile(S3RVER_JS):
            raise AssertionError(
                "s3rver is missing at {}; install it with: npm install --prefix {}/.deps/node "
                "--no-audit --no-fund s3rver@3.7.1 (tests/run-tests.sh does this)".format(
                    S3RVER_JS, TOP))
        data = os.path.join(self.tmp, "data")
        os.makedirs(data)
        self._spawn([node, S3RVER_JS, "-d", data, "-a", "127.0.0.1", "-p", "0", "--silent"],
                    {"HOME": self.home})
        reader = LineReader(self.proc.stdout)
        listening = re.compile(r"listening on [^:]+:(\d+)")
        try:
            self.lines = reader.read_until(lambda ls: any(listening.search(l) for l in ls),
                                           Deadline(START_TIMEOUT))
        except AssertionError as e:
            self.stop(expect_clean=False)
            raise AssertionError("s3rver did not start: {}\n{}".format(e, self.log_tail()))
        port = next(listening.search(l).group(1) for l in self.lines if listening.search(l))
        self.endpoint = "http://127.0.0.1:{}".format(port)
        self._start_drainers()
        return self

    def stop(self, expect_clean=True):
        return super().stop(expect_clean=False)  # node's exit status on SIGTERM: no contract


class MultiGateway(harness.GatewayServer):
    """s3cascade --no-gui ... s3-multi --config FILE, FILE written from `config` (a dict)."""

    name = "s3cascade-multi"

    def __init__(self, config, **kwargs):
        super().__init__(**kwargs)
        self.config = config
        self.config_path = os.path.join(self.tmp, "backends.json")

    def serve_args(self):
        with open(self.config_path, "w") as f:
            json.dump(self.config, f, indent=2)
        return ["s3-multi", "--config", self.config_path]


def s3_entry(server, name, bucket_path=None, **extra):
    """A backends.json entry for an S3 server (endpoint optionally with a /bucket path)."""
    endpoint = server.endpoint + ("/" + bucket_path if bucket_path else "")
    entry = {"name": name, "type": "s3", "endpoint": endpoint, "access": server.access_key,
             "secret": server.secret_key, "region": "us-east-1", "usePathStyle": True,
             "connectTimeoutMs": 2000, "firstByteTimeoutMs": 20000}
    entry.update(extra)
    return entry


def start_all(servers):
    """Starts servers in order; on failure stops the ones already running and re-raises."""
    started = []
    try:
        for s in servers:
            s.start()
            started.append(s)
    except BaseException:
        for s in [s for s in servers if s not in started] + started:
            s.cleanup()
        raise
    return servers


def stop_all(servers):
    errors = []
    for s in reversed(servers):
        try:
            if s.proc is not None and s.proc.poll() is None:
                s.stop()
        except AssertionError as e:
            errors.append(str(e))
        finally:
            s.cleanup()
    if errors:
        raise AssertionError("\n".join(errors))


def served_by(response):
    """x-s3cascade-backend of a boto3 response (or of a ClientError's response)."""
    return response["ResponseMetadata"]["HTTPHeaders"].get(BACKEND_HEADER)


def debug_header(stderr, name):
    """A response header value from `aws --debug` output (botocore logs 'Response headers:')."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    values = re.findall(r"['\"]{}['\"]: ['\"]([^'\"]*)['\"]".format(re.escape(name)), text)
    return values[-1] if values else None


class MultiTestCase(unittest.TestCase):
    """Backends and gateways per test class. Subclasses set `backends()` (servers, primary first)
    and `gateway_config(servers)`; `gateways` lists extra configs started alongside."""

    maxDiff = 6000

    @classmethod
    def make_backends(cls):
        return [PosixGateway(), harness.MotoServer(), S3rverServer()]

    @classmethod
    def backend_entries(cls, servers):
        return [s3_entry(s, n) for s, n in zip(servers, cls.backend_names)]

    backend_names = ["posix-primary", "moto", "s3rver"]
    multi_options = {}

    @classmethod
    def setUpClass(cls):
        cls.backends = start_all(cls.make_backends())
        try:
            config = {"backends": cls.backend_entries(cls.backends)}
            config.update(cls.multi_options)
            cls.gateway = start_all([MultiGateway(config, extra_args=["--quiet"])])[0]
        except BaseException:
            stop_all(cls.backends)
            raise
        cls.s3 = cls.gateway.boto3_client()
        cls.direct = [b.boto3_client() for b in cls.backends]
        cls.env = cls.gateway.client_env()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.backends + [cls.gateway])

    def setUp(self):
        if self.gateway.proc.poll() is not None:
            self.fail("the s3-multi gateway died before this test (exit {}); log:\n{}".format(
                self.gateway.proc.returncode, self.gateway.log_tail()))

    def tearDown(self):
        if self.gateway.proc.poll() is not None:
            self.fail("the s3-multi gateway exited during the test (exit {}); log:\n{}".format(
                self.gateway.proc.returncode, self.gateway.log_tail()))

    # --- helpers ---------------------------------------------------------------------------
    def bucket_everywhere(self, tag=None, on=None):
        """A bucket of the same name created directly on the backends `on` (default: all)."""
        name = harness.unique_bucket(tag or self._testMethodName.replace("test_", ""))
        for i in (range(len(self.direct)) if on is None else on):
            self.direct[i].create_bucket(Bucket=name)
        return name

    def aws(self, *args, timeout=300, check=True):
        return harness.run(["aws", "--endpoint-url", self.gateway.endpoint] + list(args),
                           env=self.env, timeout=timeout, check=check)

    def direct_keys(self, index, bucket):
        keys = []
        for page in self.direct[index].get_paginator("list_objects_v2").paginate(Bucket=bucket):
            keys += [o["Key"] for o in page.get("Contents", [])]
        return keys
