"""s3-multi reads (issue #3 "Cascade semantics"): GET and HEAD cascade through three real backends
(a second s3cascade in posix mode, moto_server, s3rver) in order; the answer names the backend
that served it in x-s3cascade-backend; 404 only when every backend said not found."""

import os

import harness
from multi_harness import BACKEND_HEADER, MultiTestCase, debug_header, served_by


class MultiReadTest(MultiTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bucket = harness.unique_bucket("reads")
        for c in cls.direct:
            c.create_bucket(Bucket=cls.bucket)
        cls.body = {}
        # name -> backend indexes holding it; the content says which backend it came from.
        placement = {"on-primary": [0], "only-2nd": [1], "only-3rd": [2], "2nd-and-3rd": [1, 2],
                     "all-three": [0, 1, 2], "dir/nested/only-3rd.txt": [2]}
        for key, where in placement.items():
            for i in where:
                data = "{} from backend {}\n".format(key, i).encode() + os.urandom(1000 + i)
                cls.direct[i].put_object(Bucket=cls.bucket, Key=key, Body=data,
                                         ContentType="text/x-backend-{}".format(i),
                                         Metadata={"origin": str(i)})
                cls.body[(key, i)] = data

    def check_get(self, key, index):
        r = self.s3.get_object(Bucket=self.bucket, Key=key)
        self.assertEqual(served_by(r), self.backend_names[index], key)
        self.assertEqual(r["Body"].read(), self.body[(key, index)], key)
        # Content headers and user metadata pass through from the backend that served it.
        self.assertEqual(r["ContentType"], "text/x-backend-{}".format(index))
        self.assertEqual(r["Metadata"], {"origin": str(index)})
        h = self.s3.head_object(Bucket=self.bucket, Key=key)
        self.assertEqual(served_by(h), self.backend_names[index], "HEAD " + key)
        self.assertEqual(h["ContentLength"], len(self.body[(key, index)]))
        self.assertEqual(h["Metadata"], {"origin": str(index)})

    def test_boto3_object_on_primary(self):
        self.check_get("on-primary", 0)

    def test_boto3_object_only_on_second(self):
        self.check_get("only-2nd", 1)

    def test_boto3_object_only_on_third(self):
        self.check_get("only-3rd", 2)
        self.check_get("dir/nested/only-3rd.txt", 2)

    def test_boto3_earlier_backend_wins(self):
        self.check_get("2nd-and-3rd", 1)
        self.check_get("all-three", 0)

    def test_boto3_range_from_third(self):
        r = self.s3.get_object(Bucket=self.bucket, Key="only-3rd", Range="bytes=5-24")
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 206)
        self.assertEqual(served_by(r), "s3rver")
        self.assertEqual(r["Body"].read(), self.body[("only-3rd", 2)][5:25])

    def test_missing_everywhere_is_404(self):
        # Every backend answered not found, none failed: the one case that is a 404.
        resp = harness.IntegrationTestCase.assert_client_error(
            self, lambda: self.s3.get_object(Bucket=self.bucket, Key="nowhere"), "NoSuchKey", 404)
        self.assertIsNone(resp["ResponseMetadata"]["HTTPHeaders"].get(BACKEND_HEADER))
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as ctx:
            self.s3.head_object(Bucket=self.bucket, Key="nowhere")
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_bucket_only_on_third_backend(self):
        # The primary and moto do not even have the bucket (NoSuchBucket falls through too).
        bucket = self.bucket_everywhere("only3rd", on=[2])
        self.direct[2].put_object(Bucket=bucket, Key="k", Body=b"third")
        r = self.s3.get_object(Bucket=bucket, Key="k")
        self.assertEqual(served_by(r), "s3rver")
        self.assertEqual(r["Body"].read(), b"third")
        h = self.s3.head_bucket(Bucket=bucket)
        self.assertEqual(h["ResponseMetadata"]["HTTPStatusCode"], 200)
        names = [b["Name"] for b in self.s3.list_buckets()["Buckets"]]
        self.assertIn(bucket, names)
        self.assertEqual(names, sorted(set(names)), "ListBuckets merged, sorted, deduplicated")

    def test_awscli_get_and_head_from_second_and_third(self):
        for key, index in (("only-2nd", 1), ("only-3rd", 2), ("on-primary", 0)):
            out = os.path.join(self.gateway.tmp, "awscli-" + key)
            cp = self.aws("s3api", "get-object", "--bucket", self.bucket, "--key", key, out,
                          "--debug")
            self.assertEqual(debug_header(cp.stderr, BACKEND_HEADER), self.backend_names[index])
            with open(out, "rb") as f:
                self.assertEqual(f.read(), self.body[(key, index)])
            cp = self.aws("s3api", "head-object", "--bucket", self.bucket, "--key", key,
                          "--debug")
            self.assertEqual(debug_header(cp.stderr, BACKEND_HEADER), self.backend_names[index])
            out2 = out + ".cp"
            self.aws("s3", "cp", "s3://{}/{}".format(self.bucket, key), out2)
            with open(out2, "rb") as f:
                self.assertEqual(f.read(), self.body[(key, index)])

    def test_awscli_missing_is_404(self):
        cp = self.aws("s3api", "head-object", "--bucket", self.bucket, "--key", "nowhere",
                      check=False)
        self.assertNotEqual(cp.returncode, 0)
        self.assertIn(b"404", cp.stderr)


if __name__ == "__main__":
    harness.main()
