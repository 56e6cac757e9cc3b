"""The fault suite (issue #11): s3-multi under real faults, with load on it, and a table.

Real processes only: s3cascade posix instances as S3 backends, moto_server and s3rver; faults by
SIGSTOP/SIGCONT, SIGKILL and a restart on the same port, and by fault_proxy.py in front of the
primary (hang, 500, 503 with Retry-After, a dropped connection, a reset in the middle of a
body, trickle). For each fault, while fault_workload.Workload reads and writes through the
gateway (before, during and just after the fault):

- reads of keys the faulty backend and another one hold ("redundant"): ok / failed, p50/p99 of
  all of them (a read that fails slowly costs too);
- reads of keys only the faulty backend holds ("sole"): 503 is allowed while it is away;
- writes acknowledged, and acknowledged then lost (read back byte-exact after the fault healed,
  through the gateway and from the primary);
- false 404s (reads of keys known to exist answered not found), short bodies presented as
  complete, time to eject and to readmit (from the gateway's log: `failed its health probe` /
  `ejected for`, `passed its health probe: readmitted`).

Must hold, asserted: 0 acknowledged writes lost, 0 false 404s, 0 short bodies, the gateway
alive, redundant reads all succeed under hang/kill/5xx/drop/trickle, and a hung backend costs a
read at most 1.5 s. A reset in the middle of a body may fail the read (the client must then see
a broken connection); the row says how many did: with mid-stream resume they succeed.

The table (markdown) is printed and written to $S3C_FAULT_TABLE (ctest: the build dir), else
./fault-table.md.
"""

import os
import re
import signal
import socket
import time
import unittest

import harness
from fault_proxy import FaultProxy
from fault_workload import Workload, verify_writes
from multi_harness import MultiGateway, PosixGateway, S3rverServer, s3_entry, start_all, stop_all

KIB = 1024
HANG_READ_BOUND = 1.5  # seconds a read may cost with a hung backend (issue: "about one second")
EJECT_DEADLINE = 15.0  # probes every 5 s with a 1 s timeout: ejected within 6 s
READMIT_DEADLINE = 15.0  # probes every 1 s while ejected
ROWS = []
HEADER = ("| fault | redundant reads ok / failed | p50 / p99 ms | sole-copy reads ok / failed "
          "| writes acked / failed | acked lost | false 404 | short bodies | eject s | readmit s |")


def table():
    return "\n".join([HEADER, "|" + " --- |" * HEADER.count(" |")] + ROWS)


def tearDownModule():
    if not ROWS:
        return
    text = table()
    path = os.environ.get("S3C_FAULT_TABLE") or os.path.abspath("fault-table.md")
    with open(path, "w") as f:
        f.write(text + "\n")
    print("\nfault table ({}):\n{}".format(path, text), flush=True)


class LogWatch:
    """The gateway's log from a mark on: when did a line matching a pattern first appear?"""

    def __init__(self, path):
        self.path = path
        self.mark()

    def mark(self):
        # The harness's drainer creates the file with the first line after start-up; with
        # --quiet that may not have come yet.
        self.offset = os.path.getsize(self.path) if os.path.exists(self.path) else 0
        self.marked_at = time.monotonic()

    def text(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def wait_for(self, pattern, seconds):
        """Seconds from the mark until `pattern` showed up, or None after `seconds`."""
        regex = re.compile(pattern)
        found = []

        def seen():
            if regex.search(self.text()):
                found.append(time.monotonic())
                return True
            return False
        try:
            harness.Deadline(seconds).poll(seen, pattern, interval=0.02)
        except AssertionError:
            return None
        return found[0] - self.marked_at


def eject_pattern(name):
    return r"backend {} (failed its health probe|ejected for)".format(re.escape(name))


def readmit_pattern(name):
    return r"backend {} passed its health probe: readmitted".format(re.escape(name))


def fmt_s(value):
    return "-" if value is None else "{:.2f}".format(value)


class FaultSuite(unittest.TestCase):
    """Backends, one s3-multi gateway over them, and run_fault()."""

    maxDiff = 4000
    gateway_options = {}
    killed = []  # servers SIGKILLed on purpose

    @classmethod
    def gateway_config(cls, entries):
        config = {"backends": entries}
        config.update(cls.gateway_options)
        return config

    @classmethod
    def entry(cls, endpoint_of, name):
        # A shorter first-byte timeout than the 20 s of the other tests: reads of a sole copy
        # on a hung backend wait for it (until the probe ejects the backend), and so does this
        # suite.
        return s3_entry(endpoint_of, name, connectTimeoutMs=1000, firstByteTimeoutMs=5000)

    @classmethod
    def start_gateway(cls, entries):
        (cls.gateway,) = start_all([MultiGateway(cls.gateway_config(entries),
                                                 extra_args=["--quiet"])])
        cls.servers.append(cls.gateway)
        cls.log = LogWatch(cls.gateway.log_path)

    @classmethod
    def tearDownClass(cls):
        for s in cls.servers:
            if s.proc is not None and s.proc.poll() is None:
                os.kill(s.pid, signal.SIGCONT)  # a failed test may leave one frozen
        for p in getattr(cls, "proxies", []):
            p.stop()
        stop_all(cls.servers)

    def setUp(self):
        self.assert_all_alive()

    def tearDown(self):
        # A frozen or failing peer must not bring anyone down (a posix backend resumed after
        # SIGSTOP once died of its gone clients: seen here as "never readmitted").
        self.assert_all_alive()

    def assert_all_alive(self):
        for s in self.servers:
            if s not in self.killed and s.proc.poll() is not None:
                self.fail("{} died (exit {}); log:\n{}".format(s.name, s.proc.returncode,
                                                               s.log_tail()))

    @classmethod
    def client(cls):
        return cls.gateway.boto3_client(read_timeout=30, connect_timeout=5,
                                        max_pool_connections=2)

    @classmethod
    def seed(cls, direct_clients, prefix, count, size):
        """`count` objects of random bytes put directly on every client given; {key: bytes}."""
        objects = {}
        for i in range(count):
            key = "{}-{:02d}".format(prefix, i)
            data = os.urandom(size)
            for c in direct_clients:
                c.put_object(Bucket=cls.bucket, Key=key, Body=data)
            objects[key] = data
        return objects

    @classmethod
    def warm_up(cls, objects, rounds=3):
        """Reads every object a few times, so each backend has answered the 20 reads its
        adaptive hedge delay needs (before that a hang costs hedgeMaxMs, 1 s)."""
        c = cls.client()
        for _ in range(rounds):
            for key, data in objects.items():
                assert c.get_object(Bucket=cls.bucket, Key=key)["Body"].read() == data

    def run_fault(self, label, inject, heal, faulty, redundant, sole, expect_eject,
                  window=4.0, after_heal=1.0, verify_with=None, record=True):
        """Load before, during and after a fault; the row of the table; the must-holds.
        Returns the workload (its tallies) and the measured eject/readmit seconds."""
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        work = Workload(self.client, self.bucket, redundant, sole, "w/" + slug).start()
        work.run_for(0.5)  # some healthy traffic first: the fault hits a working gateway
        self.log.mark()
        inject()
        eject_s = self.log.wait_for(eject_pattern(faulty), EJECT_DEADLINE if expect_eject
                                    else window)
        if expect_eject:
            self.assertIsNotNone(eject_s, "{} never ejected; log:\n{}".format(
                faulty, self.gateway.log_tail()))
            work.run_for(max(0.0, window - eject_s, 2.0))  # reads while it is out
        else:
            work.run_for(max(0.0, window - (time.monotonic() - self.log.marked_at)))
        self.log.mark()
        heal()
        healed_at = time.monotonic()
        readmit_s = None
        if eject_s is not None:
            readmit_s = self.log.wait_for(readmit_pattern(faulty), READMIT_DEADLINE)
            self.assertIsNotNone(readmit_s, "{} never readmitted; log:\n{}".format(
                faulty, self.gateway.log_tail()))
        back_at = time.monotonic()
        work.run_for(after_heal)  # reads right after healing count too
        work.stop()

        lost = verify_writes(work.acked, self.bucket,
                             dict({"gateway": self.client()}, **(verify_with or {})))
        r, s = work.reads, work.sole_reads
        writes_failed = sum(work.writes_failed.values())
        row = ("| {} | {} / {} | {:.0f} / {:.0f} | {} / {} | {} / {} | {} | {} | {} | {} | {} |"
                    .format(label, r.ok, r.failed, 1000 * r.p(0.5), 1000 * r.p(0.99),
                            s.ok, s.failed, len(work.acked), writes_failed, len(lost),
                            r.false_404 + s.false_404, r.short + s.short, fmt_s(eject_s),
                            fmt_s(readmit_s)))
        if record:
            ROWS.append(row)
        print("\n{}: redundant {}\n  sole {}\n  served by {}\n  writes {} (failed after the "
              "heal {}, after readmission {})\n  eject {} s, readmit {} s".format(
                  label, r.summary(), s.summary(), dict(r.served_by), work.write_summary(),
                  len(work.writes_failed_since(healed_at)), len(work.writes_failed_since(back_at)),
                  fmt_s(eject_s), fmt_s(readmit_s)), flush=True)

        # What must always hold, whatever the fault.
        self.assertGreater(r.count, 10, "the load hardly ran: " + r.summary())
        self.assertEqual(lost, {}, "acknowledged writes lost")
        self.assertEqual((r.false_404, s.false_404), (0, 0),
                         "false 404s: {} / {}".format(r.errors, s.errors))
        self.assertEqual((r.short, s.short), (0, 0), "short bodies presented as complete")
        return work, eject_s, readmit_s

    def assert_redundant_reads_ok(self, work, bound=None):
        r = work.reads
        self.assertEqual(r.failed, 0, "reads of objects another backend holds failed: {}; log:\n{}"
                         .format(r.summary(), self.gateway.log_tail()))
        if bound is not None:
            self.assertLessEqual(max(r.latencies), bound,
                                 "a read cost more than {} s: {}".format(bound, r.summary()))


class ProcessFaultsTest(FaultSuite):
    """[posix s3cascade (primary), moto_server, s3rver]; faults on the processes themselves."""

    @classmethod
    def setUpClass(cls):
        cls.primary, cls.moto, cls.s3rver = start_all(
            [PosixGateway(), harness.MotoServer(), S3rverServer()])
        cls.servers = [cls.primary, cls.moto, cls.s3rver]
        try:
            cls.start_gateway([cls.entry(cls.primary, "primary"), cls.entry(cls.moto, "moto"),
                               cls.entry(cls.s3rver, "s3rver")])
            cls.bucket = harness.unique_bucket("faults")
            p, m, s = (x.boto3_client() for x in (cls.primary, cls.moto, cls.s3rver))
            for c in (p, m, s):
                c.create_bucket(Bucket=cls.bucket)
            cls.on_primary_and_moto = cls.seed([p, m], "r/p", 8, 4 * KIB)
            cls.on_primary_only = cls.seed([p], "s/p", 4, 4 * KIB)
            cls.on_moto_and_s3rver = cls.seed([m, s], "r/m", 8, 4 * KIB)
            cls.on_moto_only = cls.seed([m], "s/m", 4, 4 * KIB)
            cls.warm_up(dict(cls.on_primary_and_moto, **cls.on_moto_and_s3rver,
                             **cls.on_primary_only, **cls.on_moto_only))
        except BaseException:
            stop_all(cls.servers)
            raise

    def primary_direct(self):
        return {"primary": self.primary.boto3_client()}

    def test_1_healthy(self):
        work, _, _ = self.run_fault(
            "none (posix, moto, s3rver)", lambda: None, lambda: None, "primary",
            dict(self.on_primary_and_moto, **self.on_moto_and_s3rver), self.on_primary_only,
            expect_eject=False, window=3.0, verify_with=self.primary_direct())
        self.assert_redundant_reads_ok(work)
        self.assertEqual(work.sole_reads.failed, 0, work.sole_reads.summary())
        self.assertEqual(sum(work.writes_failed.values()), 0, work.writes_failed)

    def test_2_primary_sigstop(self):
        pid = self.primary.pid
        work, _, _ = self.run_fault(
            "primary SIGSTOP (hang)", lambda: os.kill(pid, signal.SIGSTOP),
            lambda: os.kill(pid, signal.SIGCONT), "primary", self.on_primary_and_moto,
            self.on_primary_only, expect_eject=True, verify_with=self.primary_direct())
        self.assert_redundant_reads_ok(work, HANG_READ_BOUND)

    def test_3_primary_sigkill_restart(self):
        old = self.primary

        def restart():
            # Same port and data directory: the gateway's configuration still points there.
            new = PosixGateway(data_dir=old.data_dir)
            new.listen = old.hostport
            type(self).servers.append(new)  # stopped before the old one's dir is removed
            new.start()
            type(self).primary = new

        def kill():
            type(self).killed = self.killed + [old]
            old.kill()

        work, _, _ = self.run_fault(
            "primary SIGKILL + restart", kill, restart, "primary", self.on_primary_and_moto,
            self.on_primary_only, expect_eject=True, verify_with=self.primary_direct())
        self.assertEqual(self.primary.hostport, old.hostport)
        self.assert_redundant_reads_ok(work, HANG_READ_BOUND)

    def test_4_second_backend_sigstop(self):
        pid = self.moto.pid
        work, _, _ = self.run_fault(
            "2nd backend (moto) SIGSTOP", lambda: os.kill(pid, signal.SIGSTOP),
            lambda: os.kill(pid, signal.SIGCONT), "moto", self.on_moto_and_s3rver,
            self.on_moto_only, expect_eject=True, verify_with=self.primary_direct())
        self.assert_redundant_reads_ok(work, HANG_READ_BOUND)
        # Writes go to the primary alone: a fallback's fault must not fail one.
        self.assertEqual(sum(work.writes_failed.values()), 0, work.writes_failed)


class ProxyFaultsTest(FaultSuite):
    """[posix s3cascade behind fault_proxy (primary), posix s3cascade]; faults by the proxy."""

    @classmethod
    def setUpClass(cls):
        cls.primary, cls.fallback = start_all([PosixGateway(), PosixGateway()])
        cls.servers = [cls.primary, cls.fallback]
        cls.proxies = []
        try:
            host, port = cls.primary.hostport.split(":")
            cls.proxy = FaultProxy((host, int(port))).start()
            cls.proxies.append(cls.proxy)
            # The proxy speaks for the primary with the primary's keys.
            front = type("Front", (), {"endpoint": cls.proxy.endpoint,
                                       "access_key": cls.primary.access_key,
                                       "secret_key": cls.primary.secret_key})
            cls.start_gateway([cls.entry(front, "primary"), cls.entry(cls.fallback, "fallback")])
            cls.bucket = harness.unique_bucket("proxyfaults")
            p, f = cls.primary.boto3_client(), cls.fallback.boto3_client()
            for c in (p, f):
                c.create_bucket(Bucket=cls.bucket)
            cls.small = cls.seed([p, f], "r/small", 8, 4 * KIB)
            cls.big = cls.seed([p, f], "r/big", 4, 256 * KIB)
            cls.sole = cls.seed([p], "s/small", 4, 4 * KIB)
            cls.warm_up(dict(cls.small, **cls.big, **cls.sole))
        except BaseException:
            for x in cls.proxies:
                x.stop()
            stop_all(cls.servers)
            raise

    def primary_direct(self):
        return {"primary": self.primary.boto3_client()}

    def proxy_fault(self, label, mode, redundant=None, expect_eject=True, window=4.0,
                    record=True, **params):
        return self.run_fault(label, lambda: self.proxy.fault(mode, **params), self.proxy.heal,
                              "primary", redundant or self.small, self.sole,
                              expect_eject=expect_eject, verify_with=self.primary_direct(),
                              window=window, record=record)

    def test_1_healthy_through_proxy(self):
        work, _, _ = self.proxy_fault("none (posix via proxy, posix)", "pass",
                                      expect_eject=False)
        self.assert_redundant_reads_ok(work)
        self.assertEqual(work.sole_reads.failed, 0, work.sole_reads.summary())

    def test_2_hang(self):
        work, _, _ = self.proxy_fault("proxy: hang (accept, never answer)", "hang")
        self.assert_redundant_reads_ok(work, HANG_READ_BOUND)

    def test_3_internal_error(self):
        work, _, _ = self.proxy_fault("proxy: 500 InternalError", "status", status=500)
        self.assert_redundant_reads_ok(work)

    def test_4_slow_down_retry_after(self):
        work, _, _ = self.proxy_fault("proxy: 503 SlowDown, Retry-After: 2", "status",
                                      status=503, retry_after=2)
        self.assert_redundant_reads_ok(work)

    def test_5_drop(self):
        work, _, _ = self.proxy_fault("proxy: close without answer", "drop")
        self.assert_redundant_reads_ok(work)

    def test_6_reset_mid_body(self):
        # Only GETs of the big objects are cut (after 64 KiB of their 256): the probes pass, so
        # the primary stays in; every read it serves breaks in the middle. The must-holds: the
        # client sees the full bytes or a broken connection, never a short body as complete,
        # and no 404. Failures are reported: mid-stream resume (issue #11) turns them into
        # successes served by the fallback from the first byte not yet sent.
        work, _, _ = self.proxy_fault(
            "proxy: reset after 64 KiB of a 256 KiB body", "reset", redundant=self.big,
            expect_eject=False, match=r"^GET /{}/r/big".format(self.bucket), after=64 * KIB)
        r = work.reads
        print("  reset mid-body: {} of {} reads completed, {} broken (errors: {})".format(
            r.ok, r.count, r.failed, dict(r.errors)), flush=True)
        self.assertGreater(self.proxy.applied.get("reset", 0), 0, "no body was cut")

    def test_7_trickle(self):
        # The primary's answers to object GETs come 128 bytes every 20 ms (6.4 KB/s): slow, but
        # never stalled long enough to count as failed, so reads succeed, slowly or hedged.
        work, _, _ = self.proxy_fault(
            "proxy: trickle 128 B / 20 ms", "trickle", expect_eject=False,
            match=r"^GET /{}/".format(self.bucket), chunk=128, interval=0.02)
        self.assert_redundant_reads_ok(work)

    # The suite's own checks must be able to fail: a backend that lies (which s3-multi cannot
    # tell from the truth) must trip each must-hold assertion. No table rows for these.
    def assert_check_trips(self, message, mode, **params):
        with self.assertRaisesRegex(AssertionError, message):
            self.proxy_fault("self-check " + mode, mode, expect_eject=False, window=1.5,
                             record=False, **params)

    def test_8_check_false_404(self):
        self.assert_check_trips("false 404s", "status", status=404,
                                match=r"^GET /{}/s/".format(self.bucket))

    def test_8_check_lost_write(self):
        # 200 with an ETag, and nothing stored: acknowledged, then lost.
        self.assert_check_trips("acknowledged writes lost", "status", status=200,
                                headers={"ETag": '"d41d8cd98f00b204e9800998ecf8427e"'},
                                match=r"^PUT /{}/w/".format(self.bucket))

    def test_8_check_short_body(self):
        self.assert_check_trips("short bodies", "truncate", after=1000,
                                match=r"^GET /{}/r/".format(self.bucket))


class ClientsLeaveFrozenBackendTest(unittest.TestCase):
    """Clients that hang up while the server they wait on is frozen (regression: a posix
    s3cascade resumed after SIGSTOP answered the PUTs of clients already gone and read their
    freed request bodies, SIGSEGV; the fault suite found it as a primary that never came back).
    Both a posix s3cascade reached directly and an s3-multi gateway over it (whose primary is
    frozen) must survive and serve."""

    PUTS = 24

    @classmethod
    def setUpClass(cls):
        cls.backend = start_all([PosixGateway()])[0]
        cls.servers = [cls.backend]
        try:
            cls.gateway = start_all([MultiGateway(
                {"backends": [FaultSuite.entry(cls.backend, "primary")]},
                extra_args=["--quiet"])])[0]
            cls.servers.append(cls.gateway)
        except BaseException:
            stop_all(cls.servers)
            raise
        cls.bucket = harness.unique_bucket("frozen")
        cls.backend.boto3_client().create_bucket(Bucket=cls.bucket)

    @classmethod
    def tearDownClass(cls):
        if cls.backend.proc.poll() is None:
            os.kill(cls.backend.pid, signal.SIGCONT)
        stop_all(cls.servers)

    def send_puts_and_hang_up(self, server, tag):
        """PUTs (presigned, whole bodies sent) on connections closed without waiting."""
        client = server.boto3_client()
        host, port = server.hostport.split(":")
        for i in range(self.PUTS):
            url = client.generate_presigned_url("put_object", Params={
                "Bucket": self.bucket, "Key": "{}-{}".format(tag, i)})
            target = url.split(server.hostport, 1)[1]
            with socket.create_connection((host, int(port)), timeout=5) as s:
                s.sendall("PUT {} HTTP/1.1\r\nHost: {}\r\nContent-Length: 4096\r\n\r\n".format(
                    target, server.hostport).encode() + b"y" * 4096)

    def assert_serves(self, server, what):
        c = server.boto3_client()
        harness.Deadline(15).poll(lambda: self.try_put(c), what + " serving again", 0.05)
        # The work queued while frozen is done once a new PUT went through (one event loop per
        # lane, the pool's jobs in order); a crash in it shows as a dead process here.
        self.assertIsNone(server.proc.poll(), "{} died (exit {}):\n{}".format(
            what, server.proc.returncode, server.log_tail()))

    def try_put(self, client):
        try:
            client.put_object(Bucket=self.bucket, Key="after", Body=b"after")
            return True
        except Exception:  # noqa: BLE001 - polled until it works or the deadline
            return False

    def test_posix_backend_frozen(self):
        os.kill(self.backend.pid, signal.SIGSTOP)
        try:
            self.send_puts_and_hang_up(self.backend, "direct")
        finally:
            os.kill(self.backend.pid, signal.SIGCONT)
        self.assert_serves(self.backend, "the posix backend")
        self.assert_serves(self.gateway, "the s3-multi gateway")

    def test_multi_gateway_over_frozen_primary(self):
        os.kill(self.backend.pid, signal.SIGSTOP)
        try:
            self.send_puts_and_hang_up(self.gateway, "through")
            # The gateway forwards them to the frozen primary and waits; its clients are gone.
            harness.Deadline(10).poll(lambda: self.gateway_has_sent(), "uploads forwarded", 0.05)
        finally:
            os.kill(self.backend.pid, signal.SIGCONT)
        self.assert_serves(self.backend, "the posix backend")
        self.assert_serves(self.gateway, "the s3-multi gateway")

    def gateway_has_sent(self):
        # The frozen primary's listen queue holds the gateway's connections: /proc shows them.
        port = int(self.backend.hostport.split(":")[1])
        with open("/proc/net/tcp") as f:
            rows = [line.split() for line in f.readlines()[1:]]
        established = [r for r in rows if r[3] == "01" and int(r[1].split(":")[1], 16) == port]
        return len(established) >= 2


if __name__ == "__main__":
    harness.main()
