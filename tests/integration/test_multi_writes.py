"""s3-multi writes (issue #3): PUT and multipart land on the primary only; deletePolicy "primary"
lets a fallback's copy resurface, "all" deletes it everywhere; CopyObject whose source only a
fallback holds lands the copy on the primary. Backends: a posix s3cascade (primary), moto_server,
s3rver; two gateways on them, one per deletePolicy. Where objects land is checked directly on
each backend, not through the gateway."""

import os

import harness
from botocore.exceptions import ClientError
from multi_harness import MultiGateway, MultiTestCase, served_by, start_all, stop_all


class MultiWriteTest(MultiTestCase):
    multi_options = {"deletePolicy": "primary"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            config = dict(cls.gateway.config, deletePolicy="all")
            cls.gateway_all = start_all([MultiGateway(config, extra_args=["--quiet"])])[0]
        except BaseException:
            stop_all(cls.backends + [cls.gateway])
            raise
        cls.s3_all = cls.gateway_all.boto3_client()

    @classmethod
    def tearDownClass(cls):
        try:
            stop_all([cls.gateway_all])
        finally:
            super().tearDownClass()

    def keys_on(self, index, bucket):
        return set(self.direct_keys(index, bucket))

    def seed_everywhere(self, bucket, key):
        for i, c in enumerate(self.direct):
            c.put_object(Bucket=bucket, Key=key, Body="copy {}".format(i).encode())

    def test_put_lands_on_primary_only(self):
        bucket = self.bucket_everywhere()
        r = self.s3.put_object(Bucket=bucket, Key="p", Body=b"put through the gateway")
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(self.keys_on(0, bucket), {"p"})
        self.assertEqual(self.keys_on(1, bucket), set())
        self.assertEqual(self.keys_on(2, bucket), set())
        got = self.direct[0].get_object(Bucket=bucket, Key="p")["Body"].read()
        self.assertEqual(got, b"put through the gateway")

    def test_multipart_lands_on_primary_only(self):
        bucket = self.bucket_everywhere()
        parts = [os.urandom(5 * harness.MIB), os.urandom(1234)]
        up = self.s3.create_multipart_upload(Bucket=bucket, Key="mp")
        done = []
        for n, data in enumerate(parts, 1):
            e = self.s3.upload_part(Bucket=bucket, Key="mp", UploadId=up["UploadId"],
                                    PartNumber=n, Body=data)
            done.append({"PartNumber": n, "ETag": e["ETag"]})
        self.s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=up["UploadId"],
                                          MultipartUpload={"Parts": done})
        self.assertEqual(self.keys_on(0, bucket), {"mp"})
        self.assertEqual(self.keys_on(1, bucket) | self.keys_on(2, bucket), set())
        r = self.s3.get_object(Bucket=bucket, Key="mp")
        self.assertEqual(served_by(r), "posix-primary")
        self.assertEqual(r["Body"].read(), b"".join(parts))

    def test_delete_policy_primary_resurfaces_from_fallback(self):
        bucket = self.bucket_everywhere()
        self.seed_everywhere(bucket, "k")
        self.s3.delete_object(Bucket=bucket, Key="k")
        self.assertEqual(self.keys_on(0, bucket), set())
        self.assertEqual(self.keys_on(1, bucket), {"k"})
        self.assertEqual(self.keys_on(2, bucket), {"k"})
        r = self.s3.get_object(Bucket=bucket, Key="k")
        self.assertEqual(served_by(r), "moto")
        self.assertEqual(r["Body"].read(), b"copy 1")

    def test_delete_policy_all_does_not_resurface(self):
        bucket = self.bucket_everywhere()
        self.seed_everywhere(bucket, "k")
        r = self.s3_all.delete_object(Bucket=bucket, Key="k")
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 204)
        for i in range(3):
            self.assertEqual(self.keys_on(i, bucket), set(), "backend {}".format(i))
        for client in (self.s3_all, self.s3):
            with self.assertRaises(ClientError) as ctx:
                client.get_object(Bucket=bucket, Key="k")
            self.assertEqual(ctx.exception.response["Error"]["Code"], "NoSuchKey")

    def test_delete_objects_both_policies(self):
        bucket = self.bucket_everywhere()
        for k in ("d1", "d2", "keep"):
            self.seed_everywhere(bucket, k)
        objects = {"Objects": [{"Key": "d1"}, {"Key": "d2"}, {"Key": "never-existed"}]}
        r = self.s3.delete_objects(Bucket=bucket, Delete=objects)
        self.assertEqual(r.get("Errors", []), [])
        self.assertEqual(self.keys_on(0, bucket), {"keep"})
        self.assertEqual(self.keys_on(2, bucket), {"d1", "d2", "keep"})
        self.assertEqual(served_by(self.s3.head_object(Bucket=bucket, Key="d1")), "moto")
        r = self.s3_all.delete_objects(Bucket=bucket, Delete=objects)
        self.assertEqual(r.get("Errors", []), [])
        for i in range(3):
            self.assertEqual(self.keys_on(i, bucket), {"keep"}, "backend {}".format(i))

    def test_copy_from_fallback_only_source_lands_on_primary(self):
        bucket = self.bucket_everywhere()
        data = os.urandom(3 * harness.MIB + 17)
        self.direct[2].put_object(Bucket=bucket, Key="src", Body=data, ContentType="image/x-t",
                                  Metadata={"color": "green"})
        r = self.s3.copy_object(Bucket=bucket, Key="dst",
                                CopySource={"Bucket": bucket, "Key": "src"})
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertTrue(r["CopyObjectResult"]["ETag"])
        self.assertEqual(self.keys_on(0, bucket), {"dst"})
        self.assertEqual(self.keys_on(1, bucket), set())
        self.assertEqual(self.keys_on(2, bucket), {"src"})
        on_primary = self.direct[0].get_object(Bucket=bucket, Key="dst")
        self.assertEqual(on_primary["Body"].read(), data)
        # MetadataDirective COPY (the default) keeps content type and user metadata
        # (S3 API Reference, CopyObject).
        self.assertEqual(on_primary["ContentType"], "image/x-t")
        self.assertEqual(on_primary["Metadata"], {"color": "green"})
        self.assertEqual(served_by(self.s3.head_object(Bucket=bucket, Key="dst")),
                         "posix-primary")

    def test_copy_from_fallback_across_buckets_with_replace(self):
        src_bucket = self.bucket_everywhere("src", on=[1])  # only moto has this bucket
        dst_bucket = self.bucket_everywhere("dst", on=[0])
        self.direct[1].put_object(Bucket=src_bucket, Key="s", Body=b"cross", Metadata={"a": "1"})
        self.s3.copy_object(Bucket=dst_bucket, Key="d", MetadataDirective="REPLACE",
                            Metadata={"b": "2"}, CopySource={"Bucket": src_bucket, "Key": "s"})
        got = self.direct[0].get_object(Bucket=dst_bucket, Key="d")
        self.assertEqual(got["Body"].read(), b"cross")
        self.assertEqual(got["Metadata"], {"b": "2"})

    def test_copy_of_missing_source_is_404(self):
        bucket = self.bucket_everywhere()
        with self.assertRaises(ClientError) as ctx:
            self.s3.copy_object(Bucket=bucket, Key="dst",
                                CopySource={"Bucket": bucket, "Key": "nowhere"})
        self.assertEqual(ctx.exception.response["Error"]["Code"], "NoSuchKey")
        self.assertEqual(self.keys_on(0, bucket), set())


if __name__ == "__main__":
    harness.main()
