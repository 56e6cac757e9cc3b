"""The parent gateway's README configuration (issue #3 "Config"): two buckets of ONE S3 service as
primary and fallback, each named by the path of its endpoint, keys given through the parent's
VGW_S3_MULTI_BACKEND_<N>_<FIELD> variables, a "comments" key and "metaBucket" in the file.

gateway/config/README.md "Pinned buckets": the endpoint path pins the bucket; clients use the
first pinned backend's bucket name (primary-bucket); a read missing there falls through to
fallback-bucket; writes land in primary-bucket; ListBuckets shows that one name; any other
bucket name is NoSuchBucket.

The service is one moto_server. The file's endpoints point at a closed loopback port and are
replaced by the environment overrides, so a lost override fails fast on loopback instead of
reaching out. usePathStyle is set because BUCKET.127.0.0.1 does not resolve; R2 itself works
either way.
"""

import json
import os
import unittest

import harness
from botocore.exceptions import ClientError
from harness import Deadline
from multi_harness import (BACKEND_HEADER, MultiGateway, debug_header, served_by, start_all,
                           stop_all)

PRIMARY, FALLBACK = "primary-bucket", "fallback-bucket"
SECRET_IN_ENV = "parentStyleSecret/NeverLogged0123456789"


class ParentReadmeConfigTest(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.moto = start_all([harness.MotoServer()])[0]
        cls.servers = [cls.moto]
        cls.direct = cls.moto.boto3_client()
        cls.direct.create_bucket(Bucket=PRIMARY)
        cls.direct.create_bucket(Bucket=FALLBACK)
        config = {
            "comments": "the parent's README example: two R2 buckets of one account",
            "backends": [
                {"name": "r2-primary", "access": "R2_ACCESS_KEY_ID",
                 "secret": "R2_SECRET_ACCESS_KEY",
                 "endpoint": "http://127.0.0.1:1/" + PRIMARY, "region": "us-east-1",
                 "usePathStyle": True, "metaBucket": "meta", "comments": "primary"},
                {"name": "r2-fallback", "access": "R2_ACCESS_KEY_ID",
                 "secret": "R2_SECRET_ACCESS_KEY",
                 "endpoint": "http://127.0.0.1:1/" + FALLBACK, "region": "us-east-1",
                 "usePathStyle": True},
            ],
        }
        env = {
            "VGW_S3_MULTI_BACKEND_0_ENDPOINT": cls.moto.endpoint + "/" + PRIMARY,
            "VGW_S3_MULTI_BACKEND_0_ACCESS": "AKIAPARENTSTYLE00001",
            "VGW_S3_MULTI_BACKEND_0_SECRET": SECRET_IN_ENV,
            # S3CASCADE_ wins over VGW_ for the same field (README "Environment overrides").
            "VGW_S3_MULTI_BACKEND_1_ENDPOINT": "http://127.0.0.1:1/" + FALLBACK,
            "S3CASCADE_BACKEND_1_ENDPOINT": cls.moto.endpoint + "/" + FALLBACK,
            "S3CASCADE_BACKEND_1_SECRET": SECRET_IN_ENV,
        }
        try:
            cls.gateway = start_all([MultiGateway(config, env=env)])[0]
            cls.servers.append(cls.gateway)
        except BaseException:
            stop_all(cls.servers)
            raise
        cls.s3 = cls.gateway.boto3_client()
        cls.env = cls.gateway.client_env()

    @classmethod
    def tearDownClass(cls):
        stop_all(cls.servers)

    def test_listbuckets_shows_the_primary_bucket_only(self):
        names = [b["Name"] for b in self.s3.list_buckets()["Buckets"]]
        self.assertEqual(names, [PRIMARY])

    def test_read_falls_through_to_the_fallback_bucket(self):
        self.direct.put_object(Bucket=FALLBACK, Key="old/report.csv", Body=b"from fallback")
        r = self.s3.get_object(Bucket=PRIMARY, Key="old/report.csv")
        self.assertEqual(served_by(r), "r2-fallback")
        self.assertEqual(r["Body"].read(), b"from fallback")
        # A write through the gateway is seen at once (it forgets the cached location).
        self.direct.put_object(Bucket=FALLBACK, Key="old/through.csv", Body=b"fallback")
        self.assertEqual(served_by(self.s3.get_object(Bucket=PRIMARY, Key="old/through.csv")),
                         "r2-fallback")
        self.s3.put_object(Bucket=PRIMARY, Key="old/through.csv", Body=b"through gateway")
        r = self.s3.get_object(Bucket=PRIMARY, Key="old/through.csv")
        self.assertEqual(served_by(r), "r2-primary")
        self.assertEqual(r["Body"].read(), b"through gateway")

    def test_out_of_band_write_on_primary_seen_within_ttl(self):
        # LocationCache.h: a key found on a later backend is remembered for a TTL (5 s), so a
        # write that did not pass through the gateway "is seen at the latest one TTL later".
        # Polled once a second: steady reads must not keep the fallback's copy alive forever.
        self.direct.put_object(Bucket=FALLBACK, Key="oob.csv", Body=b"from fallback")
        self.assertEqual(served_by(self.s3.get_object(Bucket=PRIMARY, Key="oob.csv")),
                         "r2-fallback")
        self.direct.put_object(Bucket=PRIMARY, Key="oob.csv", Body=b"newer")

        def from_primary():
            r = self.s3.get_object(Bucket=PRIMARY, Key="oob.csv")
            return r if served_by(r) == "r2-primary" else None

        r = Deadline(15).poll(from_primary, "the primary's copy within 3 TTLs", interval=1.0)
        self.assertEqual(r["Body"].read(), b"newer")

    def test_write_lands_in_the_primary_bucket(self):
        self.s3.put_object(Bucket=PRIMARY, Key="new/put.txt", Body=b"written")
        self.assertEqual(self.direct.get_object(Bucket=PRIMARY, Key="new/put.txt")["Body"].read(),
                         b"written")
        with self.assertRaises(ClientError):
            self.direct.head_object(Bucket=FALLBACK, Key="new/put.txt")

    def test_listing_merges_both_buckets_under_the_client_name(self):
        self.direct.put_object(Bucket=PRIMARY, Key="list/a", Body=b"1")
        self.direct.put_object(Bucket=FALLBACK, Key="list/b", Body=b"22")
        self.direct.put_object(Bucket=FALLBACK, Key="list/a", Body=b"longer, fallback")
        r = self.s3.list_objects_v2(Bucket=PRIMARY, Prefix="list/")
        self.assertEqual([(o["Key"], o["Size"]) for o in r["Contents"]],
                         [("list/a", 1), ("list/b", 2)])
        self.assertEqual(r["Name"], PRIMARY)

    def test_other_bucket_names_are_no_such_bucket(self):
        self.direct.put_object(Bucket=FALLBACK, Key="direct-name", Body=b"x")
        for bucket in (FALLBACK, "some-other-bucket"):
            with self.assertRaises(ClientError) as ctx:
                self.s3.get_object(Bucket=bucket, Key="direct-name")
            self.assertEqual(ctx.exception.response["Error"]["Code"], "NoSuchBucket", bucket)

    def test_awscli_cp_ls_through_the_pinned_buckets(self):
        self.direct.put_object(Bucket=FALLBACK, Key="cli/fallback.txt", Body=b"fb")
        src = os.path.join(self.gateway.tmp, "up.txt")
        with open(src, "wb") as f:
            f.write(b"uploaded by aws cli")
        self.aws("s3", "cp", src, "s3://{}/cli/up.txt".format(PRIMARY))
        cp = self.aws("s3", "ls", "s3://{}/cli/".format(PRIMARY))
        names = [l.split()[-1] for l in cp.stdout.decode().splitlines()]
        self.assertEqual(names, ["fallback.txt", "up.txt"])
        out = os.path.join(self.gateway.tmp, "down.txt")
        cp = self.aws("s3api", "get-object", "--bucket", PRIMARY, "--key", "cli/fallback.txt",
                      out, "--debug")
        self.assertEqual(debug_header(cp.stderr, BACKEND_HEADER), "r2-fallback")
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"fb")

    def test_ignored_keys_warned_and_secret_never_logged(self):
        log = self.gateway.log_tail(200000)
        self.assertIn("comments", log, "an ignored key is reported with a warning")
        self.assertNotIn(SECRET_IN_ENV, log)
        self.assertNotIn(self.gateway.secret_key, log)

    def aws(self, *args):
        return harness.run(["aws", "--endpoint-url", self.gateway.endpoint] + list(args),
                           env=self.env, timeout=120)


if __name__ == "__main__":
    harness.main()
