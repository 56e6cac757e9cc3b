"""s3-multi with its primary PROCESS killed (issue #3: "nothing lies when a backend is down").

The primary is a second s3cascade in posix mode, the fallback moto_server. Two gateways run on
the same backends: one with the default `"partialListing": false`, one with true. After SIGKILL
of the primary:
- reads of objects the fallback holds are served by it (x-s3cascade-backend: moto), also after
  enough failures to eject the primary;
- a read of an object only the dead primary held is 503, never a false 404;
- writes (PUT, multipart, DELETE, CreateBucket) answer 503 and nothing lands on the fallback
  (writes are never retried on another backend);
- a listing answers 503, or 200 flagged x-s3cascade-partial-listing: true with partialListing.
"""

import harness
from botocore.exceptions import ClientError
from multi_harness import (BACKEND_HEADER, PARTIAL_HEADER, MultiGateway, PosixGateway, s3_entry,
                           served_by, start_all, stop_all)
import unittest


class PrimaryKilledTest(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.primary, cls.moto = start_all([PosixGateway(), harness.MotoServer()])
        cls.servers = [cls.primary, cls.moto]
        try:
            entries = [s3_entry(cls.primary, "posix-primary"), s3_entry(cls.moto, "moto")]
            cls.strict, cls.partial = start_all([
                MultiGateway({"backends": entries}, extra_args=["--quiet"]),
                MultiGateway({"backends": entries, "partialListing": True},
                             extra_args=["--quiet"])])
            cls.servers += [cls.strict, cls.partial]
        except BaseException:
            stop_all(cls.servers)
            raise
        cls.s3 = cls.strict.boto3_client()
        cls.s3p = cls.partial.boto3_client()
        cls.moto_direct = cls.moto.boto3_client()
        primary_direct = cls.primary.boto3_client()
        cls.bucket = harness.unique_bucket("failover")
        for c in (primary_direct, cls.moto_direct):
            c.create_bucket(Bucket=cls.bucket)
        primary_direct.put_object(Bucket=cls.bucket, Key="both", Body=b"primary copy")
        cls.moto_direct.put_object(Bucket=cls.bucket, Key="both", Body=b"fallback copy")
        cls.moto_direct.put_object(Bucket=cls.bucket, Key="fallback-only", Body=b"fb")
        primary_direct.put_object(Bucket=cls.bucket, Key="primary-only", Body=b"po")
        # Alive, the primary serves: the later checks then show a change of backend.
        r = cls.s3.get_object(Bucket=cls.bucket, Key="both")
        assert served_by(r) == "posix-primary", r["ResponseMetadata"]
        cls.primary.kill()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.servers)

    def assert_status(self, fn, status, code=None):
        with self.assertRaises(ClientError) as ctx:
            fn()
        resp = ctx.exception.response
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], status, resp)
        if code:
            self.assertEqual(resp["Error"]["Code"], code, resp)
        return resp

    def test_reads_served_by_fallback(self):
        # More reads than the ejection threshold (5 consecutive failures): before and after the
        # primary is ejected the answer is the same.
        for _ in range(8):
            for client in (self.s3, self.s3p):
                r = client.get_object(Bucket=self.bucket, Key="both")
                self.assertEqual(served_by(r), "moto")
                self.assertEqual(r["Body"].read(), b"fallback copy")
                h = client.head_object(Bucket=self.bucket, Key="fallback-only")
                self.assertEqual(served_by(h), "moto")
                self.assertEqual(h["ContentLength"], 2)

    def test_object_only_on_dead_primary_is_503_not_404(self):
        for client in (self.s3, self.s3p):
            self.assert_status(lambda: client.get_object(Bucket=self.bucket, Key="primary-only"),
                               503, "ServiceUnavailable")
            self.assert_status(lambda: client.head_object(Bucket=self.bucket,
                                                          Key="primary-only"), 503)

    def test_writes_answer_503_and_touch_no_fallback(self):
        self.assert_status(lambda: self.s3.put_object(Bucket=self.bucket, Key="new", Body=b"n"),
                           503, "ServiceUnavailable")
        self.assert_status(lambda: self.s3.create_multipart_upload(Bucket=self.bucket,
                                                                   Key="new-mp"), 503)
        self.assert_status(lambda: self.s3.delete_object(Bucket=self.bucket,
                                                         Key="fallback-only"), 503)
        self.assert_status(lambda: self.s3.create_bucket(Bucket=harness.unique_bucket("nb")),
                           503)
        self.assert_status(lambda: self.s3.copy_object(
            Bucket=self.bucket, Key="copied", CopySource={"Bucket": self.bucket,
                                                          "Key": "fallback-only"}), 503)
        keys = [o["Key"] for o in
                self.moto_direct.list_objects_v2(Bucket=self.bucket).get("Contents", [])]
        self.assertEqual(sorted(keys), ["both", "fallback-only"],
                         "a write must never be retried on the fallback")
        self.assertEqual(
            self.moto_direct.list_multipart_uploads(Bucket=self.bucket).get("Uploads", []), [])

    def test_listing_503_without_partial_listing(self):
        resp = self.assert_status(lambda: self.s3.list_objects_v2(Bucket=self.bucket), 503,
                                  "ServiceUnavailable")
        self.assertIsNone(resp["ResponseMetadata"]["HTTPHeaders"].get(PARTIAL_HEADER))
        self.assert_status(lambda: self.s3.list_objects(Bucket=self.bucket), 503)

    def test_listing_flagged_partial_with_partial_listing(self):
        for op in (self.s3p.list_objects_v2, self.s3p.list_objects):
            r = op(Bucket=self.bucket)
            headers = r["ResponseMetadata"]["HTTPHeaders"]
            self.assertEqual(headers.get(PARTIAL_HEADER), "true")
            self.assertEqual(headers.get(BACKEND_HEADER), "moto")
            self.assertEqual([o["Key"] for o in r["Contents"]], ["both", "fallback-only"])
            # What the fallback holds for "both" (the dead primary's copy is 12 bytes too).
            self.assertEqual(r["Contents"][0]["Size"], len(b"fallback copy"))

    def test_gateways_still_alive(self):
        for g in (self.strict, self.partial):
            self.assertIsNone(g.proc.poll(), g.log_tail())


if __name__ == "__main__":
    harness.main()
