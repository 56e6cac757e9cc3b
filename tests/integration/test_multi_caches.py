"""The read caches of s3-multi (issue #11 "Caches"), counted at the backends.

Three s3cascade posix instances are the S3 backends b1, b2, b3; each logs every S3 operation it
dispatches (QT_LOGGING_RULES s3c.s3.debug), so the test counts the GetObject/HeadObject requests
each one receives for a key. Two gateways run over them: one with the location and miss caches
on (a long TTL, so that time plays no part), one with both off. Hedging is off in both, so every
count is exact.

- An object that lives only on b3, read again and again: with the caches only the first read
  asks b1 and b2; without them every read asks all three.
- A key no backend holds: with the caches the repeated 404s ask nobody.
- A PUT through the gateway (on another connection, so usually another gateway thread): the next
  read is served by the primary, b1. The same after a key was cached as missing everywhere.
- An object moved from b3 to b2 behind the gateway's back: the stale entry costs a retry, the
  answer is b2's object, never a 404.
"""

import re
import unittest

import harness
from botocore.exceptions import ClientError
from multi_harness import MultiGateway, PosixGateway, s3_entry, served_by, start_all, stop_all

LOG_RULES = {"QT_LOGGING_RULES": "s3c.s3.debug=true"}
READS = 10


class ReadCachesTest(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.backends = start_all([PosixGateway(env=LOG_RULES) for _ in range(3)])
        cls.servers = list(cls.backends)
        try:
            entries = [s3_entry(b, "b{}".format(i + 1)) for i, b in enumerate(cls.backends)]
            common = {"backends": entries, "hedgeAfterMs": 0}
            cls.cached, cls.uncached = start_all([
                MultiGateway(dict(common, locationCacheTtlMs=600000, missCacheTtlMs=600000),
                             extra_args=["--quiet"]),
                MultiGateway(dict(common, locationCacheTtlMs=0, missCacheTtlMs=0),
                             extra_args=["--quiet"])])
            cls.servers += [cls.cached, cls.uncached]
        except BaseException:
            stop_all(cls.servers)
            raise
        cls.s3 = cls.cached.boto3_client()
        cls.writer = cls.cached.boto3_client()  # a second connection: likely the other thread
        cls.s3_off = cls.uncached.boto3_client()
        cls.direct = [b.boto3_client() for b in cls.backends]
        cls.bucket = harness.unique_bucket("caches")
        for d in cls.direct:
            d.create_bucket(Bucket=cls.bucket)
        cls.sentinels = 0

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.servers)

    # --- counting at the backends ---------------------------------------------------------
    def log_of(self, i):
        with open(self.backends[i].log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def settle(self):
        """Waits until every backend logged a fresh marker request: all earlier requests, which
        were answered before it was sent, are in its log by then."""
        type(self).sentinels += 1
        marker = "sentinel-{}".format(self.sentinels)
        for i, d in enumerate(self.direct):
            with self.assertRaises(ClientError):
                d.head_object(Bucket=self.bucket, Key=marker)
            harness.Deadline(10).poll(lambda: marker in self.log_of(i),
                                      "backend {} to log {}".format(i + 1, marker))

    def counts(self, key):
        """GetObject/HeadObject requests each backend received for `key`."""
        self.settle()
        pattern = re.compile(r'\b(?:GetObject|HeadObject) "/{}/{}"'.format(
            re.escape(self.bucket), re.escape(key)))
        return [len(pattern.findall(self.log_of(i))) for i in range(3)]

    def read(self, client, key):
        r = client.get_object(Bucket=self.bucket, Key=key)
        return served_by(r), r["Body"].read()

    def status_of(self, client, key):
        with self.assertRaises(ClientError) as ctx:
            client.get_object(Bucket=self.bucket, Key=key)
        return ctx.exception.response["Error"]["Code"]

    # --- the scenarios ---------------------------------------------------------------------
    def test_repeated_reads_skip_the_backends_without_the_object(self):
        self.direct[2].put_object(Bucket=self.bucket, Key="deep", Body=b"on b3")
        for _ in range(READS):
            self.assertEqual(self.read(self.s3, "deep"), ("b3", b"on b3"))
        cached = self.counts("deep")
        for _ in range(READS):
            self.assertEqual(self.read(self.s3_off, "deep"), ("b3", b"on b3"))
        uncached = [n - c for n, c in zip(self.counts("deep"), cached)]
        print("{} reads of an object on b3, requests per backend: caches on {}, off {}".format(
            READS, cached, uncached), flush=True)
        self.assertEqual(cached, [1, 1, READS])
        self.assertEqual(uncached, [READS, READS, READS])

    def test_a_key_no_backend_holds_is_answered_from_the_miss_cache(self):
        for _ in range(READS):
            self.assertEqual(self.status_of(self.s3, "nowhere"), "NoSuchKey")
        self.assertEqual(self.counts("nowhere"), [1, 1, 1])
        for _ in range(READS):
            self.assertEqual(self.status_of(self.s3_off, "nowhere"), "NoSuchKey")
        self.assertEqual(self.counts("nowhere"), [1 + READS] * 3)

    def test_a_put_through_the_gateway_is_read_from_the_primary(self):
        self.direct[2].put_object(Bucket=self.bucket, Key="rewritten", Body=b"old, on b3")
        for _ in range(3):
            self.assertEqual(self.read(self.s3, "rewritten"), ("b3", b"old, on b3"))
        self.assertEqual(self.status_of(self.s3, "created"), "NoSuchKey")
        self.assertEqual(self.status_of(self.s3, "created"), "NoSuchKey")
        self.assertEqual(self.counts("rewritten"), [1, 1, 3])
        self.assertEqual(self.counts("created"), [1, 1, 1])
        self.writer.put_object(Bucket=self.bucket, Key="rewritten", Body=b"new, on b1")
        self.writer.put_object(Bucket=self.bucket, Key="created", Body=b"made, on b1")
        self.assertEqual(self.read(self.s3, "rewritten"), ("b1", b"new, on b1"))
        self.assertEqual(self.read(self.s3, "created"), ("b1", b"made, on b1"))
        self.assertEqual(self.counts("rewritten"), [2, 1, 3])
        self.assertEqual(self.counts("created"), [2, 1, 1])
        # And a delete through the gateway: the next read asks everyone again.
        self.writer.delete_object(Bucket=self.bucket, Key="created")
        self.assertEqual(self.status_of(self.s3, "created"), "NoSuchKey")
        self.assertEqual(self.counts("created"), [3, 2, 2])

    def test_an_object_moved_behind_the_gateways_back_costs_a_retry(self):
        self.direct[2].put_object(Bucket=self.bucket, Key="moved", Body=b"on b3")
        self.assertEqual(self.read(self.s3, "moved"), ("b3", b"on b3"))
        self.assertEqual(self.read(self.s3, "moved"), ("b3", b"on b3"))
        self.direct[2].delete_object(Bucket=self.bucket, Key="moved")
        self.direct[1].put_object(Bucket=self.bucket, Key="moved", Body=b"now on b2")
        # b3 says 404: the caches are not trusted for this key any more, the full cascade asks.
        self.assertEqual(self.read(self.s3, "moved"), ("b2", b"now on b2"))
        self.assertEqual(self.counts("moved"), [2, 2, 3])
        # What that read learnt is right: the next reads start at b2 and nothing says it lacks it.
        self.assertEqual(self.read(self.s3, "moved"), ("b2", b"now on b2"))
        self.assertEqual(self.read(self.s3, "moved"), ("b2", b"now on b2"))
        self.assertEqual(self.counts("moved"), [2, 4, 3])


if __name__ == "__main__":
    unittest.main(verbosity=2)
