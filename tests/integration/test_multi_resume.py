"""Mid-stream failover of GET through s3-multi (issue #11): two s3cascade posix instances used as
S3 backends hold the same 64 MiB object; a download through s3-multi loses its primary after
part of the body went out, and the client must still get every byte, byte-exact (sha256):

- the primary is SIGKILLed mid-body (its connection closes before the announced length);
- the primary's connection is reset (RST) mid-body by a fault proxy in front of it, for a whole
  object and for a ranged GET (the resume keeps the client's range end);
- the primary is frozen with SIGSTOP mid-body (a stall: no byte for resumeStallMs);
- the fallback holds other content under the same key (same size): the client's connection is
  aborted, never a spliced body; what it got is a prefix of the primary's copy.

The client is a raw socket with a small receive buffer on a presigned URL, so that the bytes in
flight stay a small part of the object (back-pressure reaches the primary) and a cut connection
is told from a complete body exactly. Each test checks in the gateway's log that the resume
happened mid-body (0 < byte < size), and how (a break, or the stall detection).
S3C_TEST_RESUME_ATTEMPTS=0 switches resuming off in the gateways started here: every test must
then fail (the mismatch test, because it also checks in the log that the fallback was asked and
refused).

Figures (resume time from the log, longest pause the client saw, bytes) are printed for the
issue's note.
"""

import hashlib
import os
import re
import signal
import socket
import tempfile
import threading
import time
import unittest
import urllib.parse

import harness
from harness import MIB, Deadline
from multi_harness import MultiGateway, PosixGateway, s3_entry, start_all, stop_all

SIZE = 64 * MIB
FAULT_AFTER = 16 * MIB  # bytes the client reads before the fault
KEY = "big.bin"
RESUME_RE = re.compile(rb"resumed at byte (\d+) of (\d+) from (\S+), (\d+) ms after: ([^\n]*)")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class RawGet:
    """One GET on its own connection, read at the test's pace. read() gives b'' at the end of
    the announced body; a connection that ends before raises ConnectionError."""

    def __init__(self, url, headers=None, rcvbuf=64 * 1024, timeout=30):
        u = urllib.parse.urlsplit(url)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # Before connect: the window the client advertises stays small from the start.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect((u.hostname, u.port))
        lines = ["GET {}?{} HTTP/1.1".format(u.path, u.query), "Host: " + u.netloc,
                 "Connection: close"]
        lines += ["{}: {}".format(k, v) for k, v in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed before the response head: {!r}".format(buf[:200]))
            buf += chunk
            if len(buf) > 65536:
                raise AssertionError("response head too long")
        head, self.pending = buf.split(b"\r\n\r\n", 1)
        status_line, *fields = head.decode("latin-1").split("\r\n")
        self.status = int(status_line.split()[1])
        self.headers = {k.strip().lower(): v.strip() for k, v in (f.split(":", 1) for f in fields)}
        self.length = int(self.headers.get("content-length", "0"))
        self.received = 0

    def read(self, n=MIB):
        if self.received >= self.length:
            return b""
        if not self.pending:
            try:
                self.pending = self.sock.recv(min(n, 1 << 20))
            except ConnectionResetError as e:
                raise ConnectionError("reset after {} of {} bytes".format(self.received, self.length)) from e
            except socket.timeout as e:
                raise ConnectionError("no byte for {} s after {} of {} bytes".format(
                    self.sock.gettimeout(), self.received, self.length)) from e
            if not self.pending:
                raise ConnectionError("closed after {} of {} bytes".format(self.received, self.length))
        out, self.pending = self.pending[:n], self.pending[n:]
        out = out[:self.length - self.received]
        self.received += len(out)
        return out

    def close(self):
        self.sock.close()


class CuttingProxy:
    """TCP forwarder in front of a backend. arm(n): once n more bytes went towards the gateway
    (over any connection), the connection carrying the n-th byte is reset (RST, SO_LINGER 0)
    on both sides; one cut per arm()."""

    def __init__(self, target):
        self.target = target
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.endpoint = "http://127.0.0.1:{}".format(self.listener.getsockname()[1])
        self.lock = threading.Lock()
        self.budget = None
        self.cuts = 0
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, after):
        with self.lock:
            self.budget = after

    def close(self):
        self.closed = True
        self.listener.close()

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=10)
                upstream.settimeout(None)
            except OSError:
                self._reset(client)
                continue
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    @staticmethod
    def _reset(*socks):
        for s in socks:
            try:
                # SO_LINGER 0: the close sends RST. The other direction's thread is blocked in
                # recv() on the same socket, and its reference would keep the socket open (no
                # RST, only silence) until it returns: SHUT_RD wakes it first.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                s.shutdown(socket.SHUT_RD)
            except OSError:
                pass
            s.close()

    def _pump(self, src, dst, downstream):
        try:
            while True:
                data = src.recv(256 * 1024)
                if not data:
                    dst.shutdown(socket.SHUT_WR)
                    return
                cut = None
                if downstream:
                    with self.lock:
                        if self.budget is not None:
                            if len(data) >= self.budget:
                                cut, self.budget = self.budget, None
                                self.cuts += 1
                            else:
                                self.budget -= len(data)
                if cut is not None:
                    dst.sendall(data[:cut])
                    self._reset(src, dst)
                    return
                dst.sendall(data)
        except OSError:
            self._reset(src, dst)


class MultiResumeTest(unittest.TestCase):
    maxDiff = 2000

    @classmethod
    def setUpClass(cls):
        cls.data = os.urandom(SIZE)
        cls.digest = sha256(cls.data)
        # Same size, other bytes: a different version of the object under the same key.
        cls.other = os.urandom(SIZE)
        cls.figures = []

    @classmethod
    def tearDownClass(cls):
        for line in cls.figures:
            print(line, flush=True)

    # --- per test: primary, fallback, gateway -------------------------------------------------
    def start(self, fallback_data=None, proxy=False):
        self.primary, self.fallback = start_all([PosixGateway(), PosixGateway()])
        self.servers = [self.primary, self.fallback]
        self.addCleanup(self.teardown_servers)
        bucket = harness.unique_bucket("resume")
        for server, body in ((self.primary, self.data), (self.fallback, fallback_data or self.data)):
            direct = server.boto3_client()
            direct.create_bucket(Bucket=bucket)
            direct.put_object(Bucket=bucket, Key=KEY, Body=body)
        self.proxy = CuttingProxy(("127.0.0.1", int(self.primary.hostport.split(":")[1]))) if proxy else None
        primary_entry = s3_entry(self.primary, "primary")
        if self.proxy:
            primary_entry["endpoint"] = self.proxy.endpoint
        config = {"backends": [primary_entry, s3_entry(self.fallback, "fallback")]}
        attempts = os.environ.get("S3C_TEST_RESUME_ATTEMPTS")
        if attempts is not None:
            config["resumeAttempts"] = int(attempts)
        (self.multi,) = start_all([MultiGateway(
            config, extra_args=["--quiet"],
            env={"QT_LOGGING_RULES": "s3c.multi.resume.debug=true"})])
        self.servers.append(self.multi)
        self.bucket = bucket
        self.url = self.multi.boto3_client().generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": KEY}, ExpiresIn=900)

    def teardown_servers(self):
        if self.proxy:
            self.proxy.close()
        if self.primary.proc.poll() is None:
            os.kill(self.primary.pid, signal.SIGCONT)
        else:
            self.primary.stop(expect_clean=False)  # killed: reaped, its pipes closed
        stop_all([s for s in self.servers if s.proc.poll() is None])
        for s in self.servers:
            s.cleanup()

    def log(self):
        with open(self.multi.log_path, "rb") as f:
            return f.read()

    def download(self, fault, headers=None):
        """Reads FAULT_AFTER bytes, calls fault(), reads on. Returns (bytes, error or None,
        longest pause between reads after the fault, in s)."""
        get = RawGet(self.url, headers)
        self.assertIn(get.status, (200, 206), get.headers)
        self.assertEqual(get.headers.get("x-s3cascade-backend"), "primary")
        parts, got, error, gap = [], 0, None, 0.0
        try:
            while got < FAULT_AFTER:
                chunk = get.read()
                parts.append(chunk)
                got += len(chunk)
            fault()
            last = time.monotonic()
            while True:
                chunk = get.read()
                now = time.monotonic()
                gap = max(gap, now - last)
                last = now
                if not chunk:
                    break
                parts.append(chunk)
        except ConnectionError as e:
            error = e
        finally:
            get.close()
        return b"".join(parts), get.length, error, gap

    def resume_in_log(self):
        """The resume the gateway logged: (byte, total, backend, ms), polled with a deadline
        since the log is written by a drainer thread."""
        found = []
        Deadline(10).poll(lambda: found.extend(RESUME_RE.findall(self.log())) or found,
                          "a resume in the gateway's log:\n" + self.multi.log_tail())
        at, total, backend, ms, why = found[0]
        return int(at), int(total), backend.decode(), int(ms), why.decode("utf-8", "replace")

    def check_resumed(self, what, body, length, error, gap, expected):
        self.assertIsNone(error, "{}: the download was cut: {}".format(what, error))
        self.assertEqual(len(body), length)
        self.assertEqual(sha256(body), sha256(expected), what + ": the body differs")
        at, total, backend, ms, why = self.resume_in_log()
        self.assertEqual(backend, "fallback")
        self.assertEqual(total, length)
        self.assertTrue(0 < at < total, "resumed at {} of {}".format(at, total))
        self.figures.append("{}: {} MiB, resumed at byte {} ({:.1f} MiB) from the fallback in {} ms "
                            "({}); longest pause seen by the client {:.0f} ms".format(
                                what, length // MIB, at, at / MIB, ms, why, gap * 1000))
        return why

    # --- tests ---------------------------------------------------------------------------------
    def test_primary_killed_mid_body(self):
        self.start()
        body, length, error, gap = self.download(self.primary.kill)
        why = self.check_resumed("SIGKILL", body, length, error, gap, self.data)
        self.assertNotIn("no byte from", why)  # the break itself, not the stall detection

    def test_connection_reset_mid_body(self):
        self.start(proxy=True)
        # 8 MiB more than went through already: the client read 16 MiB, the buffers between
        # hold a few more, so the cut comes well before the end.
        body, length, error, gap = self.download(lambda: self.proxy.arm(8 * MIB))
        self.assertEqual(self.proxy.cuts, 1)
        why = self.check_resumed("RST", body, length, error, gap, self.data)
        self.assertNotIn("no byte from", why)
        # A ranged GET resumes too, keeping its end.
        first, last = 1000001, 50 * MIB + 12345
        before = len(RESUME_RE.findall(self.log()))
        body, length, error, gap = self.download(lambda: self.proxy.arm(4 * MIB),
                                                 {"Range": "bytes={}-{}".format(first, last)})
        self.assertEqual(self.proxy.cuts, 2)
        self.assertIsNone(error, "ranged: the download was cut: {}".format(error))
        self.assertEqual(sha256(body), sha256(self.data[first:last + 1]), "ranged: the body differs")
        Deadline(10).poll(lambda: len(RESUME_RE.findall(self.log())) > before, "a second resume")
        at, total, _, ms, why = RESUME_RE.findall(self.log())[before]
        at, total, ms = int(at), int(total), int(ms)
        self.assertEqual(total, last - first + 1)
        self.assertTrue(0 < at < total)
        self.figures.append("RST, ranged {}-{}: resumed at byte {} of {} in {} ms ({}); longest pause {:.0f} ms"
                            .format(first, last, at, total, ms, why.decode("utf-8", "replace"), gap * 1000))

    def test_primary_stalled_mid_body(self):
        self.start()
        started = time.monotonic()
        body, length, error, gap = self.download(lambda: os.kill(self.primary.pid, signal.SIGSTOP))
        why = self.check_resumed("SIGSTOP (stall)", body, length, error, gap, self.data)
        self.assertIn("no byte from primary for 2000 ms", why)
        self.figures.append("SIGSTOP: whole download {:.1f} s".format(time.monotonic() - started))

    def test_other_version_on_fallback_aborts_the_client(self):
        self.start(fallback_data=self.other)
        body, length, error, gap = self.download(self.primary.kill)
        self.assertIsNotNone(error, "a body of {} bytes was presented as complete".format(len(body)))
        self.assertLess(len(body), length)
        self.assertGreaterEqual(len(body), FAULT_AFTER)
        # Every byte the client got is the primary's, at its place: nothing spliced in.
        self.assertEqual(sha256(body), sha256(self.data[:len(body)]))
        log = self.log()
        self.assertEqual(RESUME_RE.findall(log), [])
        Deadline(10).poll(lambda: b"nobody could resume it" in self.log(), "the abort in the log")
        self.assertRegex(self.log().decode("utf-8", "replace"), r"fallback cannot resume: .*precondition")
        self.figures.append("other version on the fallback: client cut after {} of {} bytes ({})".format(
            len(body), length, error))


if __name__ == "__main__":
    unittest.main(verbosity=2)
