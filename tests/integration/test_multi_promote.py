"""Copy-on-read through s3-multi ("promoteOnRead", issue #11): the primary and the fallback are
s3cascade posix instances used as S3 backends; objects only the fallback holds are read through
s3-multi gateways, and the primary is read directly to see what was copied into it.

- with promoteOnRead the primary gets the object, headers, metadata and tags byte-exact;
- a newer object written to the primary while the copy is under way (the fallback frozen with
  SIGSTOP in the middle of the copy of a 64 MiB object) is never overwritten;
- promoteMaxBytes is respected; with promoteOnRead off nothing is copied.
Figures for the issue's note are printed: time to copy 64 MiB, the gateway's memory meanwhile,
and the client's read time with and without the copy behind it."""

import gzip
import hashlib
import os
import signal
import threading
import time
import unittest
from datetime import datetime, timezone

import harness
from harness import Deadline
from multi_harness import MultiGateway, PosixGateway, s3_entry, served_by, start_all, stop_all

MIB = 1024 * 1024
BIG = 64 * MIB
STORED = ("content-type", "cache-control", "content-disposition", "content-encoding",
          "content-language", "expires", "content-length", "etag")


def rss_kib(pid, field="VmRSS"):
    with open("/proc/{}/status".format(pid)) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class PromoteOnReadTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.primary, cls.fallback = start_all([PosixGateway(), PosixGateway()])
        cls.servers = [cls.primary, cls.fallback]
        try:
            entries = [s3_entry(cls.primary, "primary"), s3_entry(cls.fallback, "fallback")]
            # Probing is not under test here; a probe meeting the frozen fallback would eject it.
            base = {"backends": entries, "healthIntervalMs": 0}
            debug = {"QT_LOGGING_RULES": "s3c.multi.promote.debug=true"}
            cls.on, cls.capped, cls.off = start_all([
                MultiGateway(dict(base, promoteOnRead=True, promoteMaxBytes=128 * MIB),
                             extra_args=["--quiet"], env=debug),
                MultiGateway(dict(base, promoteOnRead=True, promoteMaxBytes=MIB),
                             extra_args=["--quiet"], env=debug),
                MultiGateway(dict(base, promoteOnRead=False), extra_args=["--quiet"], env=debug)])
            cls.servers += [cls.on, cls.capped, cls.off]
        except BaseException:
            stop_all(cls.servers)
            raise
        cls.direct_primary = cls.primary.boto3_client()
        cls.direct_fallback = cls.fallback.boto3_client()
        cls.bucket = harness.unique_bucket("promote")
        for client in (cls.direct_primary, cls.direct_fallback):
            client.create_bucket(Bucket=cls.bucket)

    @classmethod
    def tearDownClass(cls):
        if cls.fallback.proc.poll() is None:
            os.kill(cls.fallback.pid, signal.SIGCONT)
        stop_all(cls.servers)

    def setUp(self):
        for gateway in (self.on, self.capped, self.off):
            if gateway.proc.poll() is not None:
                self.fail("a gateway died (exit {}):\n{}".format(gateway.proc.returncode,
                                                                 gateway.log_tail()))

    # --- helpers ---------------------------------------------------------------------------
    def log_of(self, gateway):
        with open(gateway.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for_log(self, gateway, needle, seconds=60, interval=0.05):
        Deadline(seconds).poll(lambda: needle in self.log_of(gateway),
                               "{!r} in the log of {}:\n{}".format(needle, gateway.name,
                                                                   gateway.log_tail()),
                               interval=interval)

    def on_primary(self, key):
        try:
            return self.direct_primary.head_object(Bucket=self.bucket, Key=key)
        except self.direct_primary.exceptions.ClientError as e:
            if e.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                return None
            raise

    def wait_on_primary(self, key, seconds=60, interval=0.02):
        return Deadline(seconds).poll(lambda: self.on_primary(key), key + " on the primary",
                                      interval=interval)

    def read_all(self, client, key):
        response = client.get_object(Bucket=self.bucket, Key=key)
        return response, response["Body"].read()

    # --- tests -----------------------------------------------------------------------------
    def test_1_copy_keeps_bytes_headers_metadata_and_tags(self):
        key = "photos/one fine day.txt.gz"
        body = gzip.compress(b"copy me, bytes and all\n" * 5000)
        self.direct_fallback.put_object(
            Bucket=self.bucket, Key=key, Body=body, ContentType="text/plain; charset=utf-8",
            CacheControl="public, max-age=86400", ContentDisposition='attachment; filename="day.txt"',
            ContentEncoding="gzip", ContentLanguage="de-CH",
            Expires=datetime(2031, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
            Metadata={"owner": "ada lovelace", "camera": "X100;f=2.0", "empty": ""},
            Tagging="project=sippy&tier=hot")
        self.assertIsNone(self.on_primary(key))

        response, got = self.read_all(self.on.boto3_client(), key)
        self.assertEqual(served_by(response), "fallback")
        self.assertEqual(got, body)

        self.wait_on_primary(key)
        want = self.direct_fallback.head_object(Bucket=self.bucket, Key=key)
        have = self.direct_primary.head_object(Bucket=self.bucket, Key=key)
        want_h, have_h = (r["ResponseMetadata"]["HTTPHeaders"] for r in (want, have))
        for name in STORED + tuple(h for h in want_h if h.startswith("x-amz-meta-")):
            self.assertEqual(have_h.get(name), want_h.get(name), name)
        self.assertEqual(have["Metadata"], {"owner": "ada lovelace", "camera": "X100;f=2.0",
                                            "empty": ""})
        _, copied = self.read_all(self.direct_primary, key)
        self.assertEqual(copied, body)
        tags = self.direct_primary.get_object_tagging(Bucket=self.bucket, Key=key)["TagSet"]
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in tags),
                         [("project", "sippy"), ("tier", "hot")])
        # The copy sends later reads to the primary (the location cache had the fallback).
        self.wait_for_log(self.on, "copied {}/{} from fallback".format(self.bucket, key))
        response, got = self.read_all(self.on.boto3_client(), key)
        self.assertEqual(served_by(response), "primary")
        self.assertEqual(got, body)

    def test_2_newer_write_on_the_primary_is_never_overwritten(self):
        key = "race/big.bin"
        old = os.urandom(BIG)
        self.direct_fallback.put_object(Bucket=self.bucket, Key=key, Body=old,
                                        ContentType="application/x-old")
        del old
        # A HEAD books the copy; the copy's read of 64 MiB is frozen as soon as it starts.
        head = self.on.boto3_client().head_object(Bucket=self.bucket, Key=key)
        self.assertEqual(served_by(head), "fallback")
        self.wait_for_log(self.on, "copying {}/{} from fallback".format(self.bucket, key),
                          interval=0.001)
        os.kill(self.fallback.pid, signal.SIGSTOP)
        try:
            if self.on_primary(key) is not None:
                self.fail("the copy finished before the fallback could be frozen; the race was "
                          "not set up")
            newer = b"newer object written to the primary while the copy ran"
            self.direct_primary.put_object(Bucket=self.bucket, Key=key, Body=newer,
                                           ContentType="text/x-newer", Metadata={"v": "2"})
        finally:
            os.kill(self.fallback.pid, signal.SIGCONT)
        # The copy ends one way or the other; the primary must hold the newer object.
        ended = ["{} {}/{} from fallback".format(verb, self.bucket, key)
                 for verb in ("copied", "not copying", "copy of")]
        Deadline(60).poll(lambda: any(e in self.log_of(self.on) for e in ended),
                          "the end of the copy in the log:\n" + self.on.log_tail())
        response, got = self.read_all(self.direct_primary, key)
        self.assertTrue(got == newer, "the copy replaced the newer object: the primary holds {} "
                        "bytes".format(len(got)))
        self.assertIn("{}/{} from fallback: the primary holds the key".format(self.bucket, key),
                      self.log_of(self.on))
        self.assertEqual(response["ContentType"], "text/x-newer")
        self.assertEqual(response["Metadata"], {"v": "2"})
        # The gateway reads the primary's, newer object.
        response, got = self.read_all(self.on.boto3_client(), key)
        self.assertEqual((served_by(response), got), ("primary", newer))

    def test_3_size_cap(self):
        fits, big = "cap/fits.bin", "cap/too-big.bin"
        self.direct_fallback.put_object(Bucket=self.bucket, Key=fits, Body=b"f" * MIB)
        self.direct_fallback.put_object(Bucket=self.bucket, Key=big, Body=b"b" * (MIB + 1))
        capped = self.capped.boto3_client()
        for key in (big, fits):
            response, got = self.read_all(capped, key)
            self.assertEqual(served_by(response), "fallback")
        # The verdict on the big one is logged when the read is answered; the other one's copy
        # comes after it, so once it landed nothing about the big one is pending.
        self.wait_for_log(self.capped, "not copying {}/{} from fallback: larger than "
                          "promoteMaxBytes".format(self.bucket, big))
        self.wait_on_primary(fits)
        self.assertIsNone(self.on_primary(big))
        self.assertNotIn("promote: copying {}/{}".format(self.bucket, big), self.log_of(self.capped))

    def test_4_off_copies_nothing(self):
        key, control = "off/not-copied.bin", "off/control.bin"
        for k in (key, control):
            self.direct_fallback.put_object(Bucket=self.bucket, Key=k, Body=b"o" * (4 * MIB))
        response, _ = self.read_all(self.off.boto3_client(), key)
        self.assertEqual(served_by(response), "fallback")
        self.off.boto3_client().head_object(Bucket=self.bucket, Key=key)
        # How long a copy of this size takes with the option on, read at the same moment...
        started = time.monotonic()
        self.read_all(self.on.boto3_client(), control)
        self.wait_on_primary(control)
        took = time.monotonic() - started
        # ... and ten times as long (at least 2 s) without the key ever reaching the primary.
        window = Deadline(max(2.0, 10 * took))
        while not window.expired():
            self.assertIsNone(self.on_primary(key), "copied with promoteOnRead off")
            threading.Event().wait(min(0.1, window.remaining()))
        self.assertNotIn("s3c.multi.promote", self.log_of(self.off))
        self.assertNotIn("copying", self.log_of(self.off))

    def test_5_figures_64_mib(self):
        """Three rounds of: a client GET of 64 MiB through the gateway without promoteOnRead, one
        of another 64 MiB object through the gateway with it, and the wait for its copy."""
        plain, with_copy, landed_after, copy_ms = [], [], [], []
        rss_before = rss_kib(self.on.pid)
        peak = [rss_before]
        for round_ in range(3):
            keys = ["figures/{}-{}.bin".format(side, round_) for side in ("off", "on")]
            data = os.urandom(BIG)
            digest = hashlib.sha256(data).hexdigest()
            for key in keys:
                self.direct_fallback.put_object(Bucket=self.bucket, Key=key, Body=data)
            del data
            for gateway, key, times in ((self.off, keys[0], plain), (self.on, keys[1], with_copy)):
                started = time.monotonic()
                response = gateway.boto3_client().get_object(Bucket=self.bucket, Key=key)
                got = response["Body"].read()
                times.append(time.monotonic() - started)
                self.assertEqual(served_by(response), "fallback")
                self.assertEqual(hashlib.sha256(got).hexdigest(), digest)
                del got

            def landed():
                peak[0] = max(peak[0], rss_kib(self.on.pid))
                return self.on_primary(keys[1])

            Deadline(120).poll(landed, keys[1] + " on the primary", interval=0.01)
            landed_after.append(time.monotonic() - started)
            _, copied = self.read_all(self.direct_primary, keys[1])
            self.assertEqual(hashlib.sha256(copied).hexdigest(), digest)
            del copied
            self.assertIsNone(self.on_primary(keys[0]))
            needle = "copied {}/{} from fallback into the primary: {} bytes in ".format(
                self.bucket, keys[1], BIG)
            self.wait_for_log(self.on, needle)
            line = next(l for l in self.log_of(self.on).splitlines() if needle in l)
            copy_ms.append(int(line.split(needle)[1].split()[0]))
        ms = lambda values: "/".join("{:.0f}".format(1000 * v) for v in values)
        print("\nfigures (3 rounds, 64 MiB): client GET via s3-multi {} ms without promoteOnRead, "
              "{} ms with it; copy landed on the primary {} ms after that GET began, the copy "
              "itself took {} ms; gateway RSS {} MiB before, peak {} MiB while copying, VmHWM "
              "{} MiB".format(ms(plain), ms(with_copy), ms(landed_after),
                              "/".join(map(str, copy_ms)), rss_before // 1024, peak[0] // 1024,
                              rss_kib(self.on.pid, "VmHWM") // 1024), flush=True)
        # Bounded memory: the copy streams, it never holds the object.
        self.assertLess(peak[0] - rss_before, 48 * 1024)


if __name__ == "__main__":
    harness.main()
