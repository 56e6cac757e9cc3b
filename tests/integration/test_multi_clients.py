"""aws cli, boto3 and s3cmd flows through s3-multi mode (issue #3 "Tests"): mb, put, get, ls, rm,
rb and 20 MiB multipart uploads, checked byte for byte and directly on the primary.

boto3 runs with its default checksum settings (CRC32 header over plain http) and once more with
the aws-chunked CRC32 trailer it sends over TLS: the gateway decodes and verifies the client's
body and re-sends it in a form the backend accepts (issue #3 "S3 client backend"). Two
arrangements: a posix s3cascade as primary, and s3rver as primary (s3rver knows no aws-chunked)."""

import os

import harness
from boto3.s3.transfer import TransferConfig
from harness import MIB, force_trailer_checksums, record_headers, sha256_file, write_random_file
from multi_harness import MotoServer, MultiTestCase, PosixGateway, S3rverServer, served_by

BIG = 20 * MIB


class ClientFlows:
    """Mixed into a MultiTestCase whose backend 1 is moto_server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = write_random_file(os.path.join(cls.gateway.tmp, "big.bin"), BIG)
        cls.big_sha = sha256_file(cls.big)

    def file(self, name, data):
        p = os.path.join(self.gateway.tmp, self._testMethodName + "-" + name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def primary_sha(self, bucket, key):
        import hashlib
        body = self.direct[0].get_object(Bucket=bucket, Key=key)["Body"].read()
        return hashlib.sha256(body).hexdigest()

    def make_bucket_with_fallback_object(self, name):
        # CreateBucket through the gateway reaches the primary only; moto gets the same bucket
        # name directly with an object nobody else has.
        self.direct[1].create_bucket(Bucket=name)
        self.direct[1].put_object(Bucket=name, Key="from-fallback.txt", Body=b"fallback says hi")

    def test_awscli_flow(self):
        bucket = harness.unique_bucket("cli")
        self.aws("s3", "mb", "s3://" + bucket)
        self.assertIn(bucket, [b["Name"] for b in self.direct[0].list_buckets()["Buckets"]])
        self.make_bucket_with_fallback_object(bucket)
        small = self.file("small.txt", b"small via aws cli\n")
        self.aws("s3", "cp", small, "s3://{}/small.txt".format(bucket))
        self.aws("s3", "cp", self.big, "s3://{}/big.bin".format(bucket))  # multipart (8 MiB)
        self.assertEqual(self.primary_sha(bucket, "big.bin"), self.big_sha)
        listed = self.aws("s3", "ls", "s3://{}/".format(bucket)).stdout.decode()
        self.assertEqual(sorted(l.split()[-1] for l in listed.splitlines()),
                         ["big.bin", "from-fallback.txt", "small.txt"])
        down = self.file("down.bin", b"")
        self.aws("s3", "cp", "s3://{}/big.bin".format(bucket), down)
        self.assertEqual(sha256_file(down), self.big_sha)
        self.aws("s3", "cp", "s3://{}/from-fallback.txt".format(bucket), down)
        with open(down, "rb") as f:
            self.assertEqual(f.read(), b"fallback says hi")
        self.aws("s3", "rm", "s3://{}/big.bin".format(bucket))
        self.aws("s3", "rm", "s3://{}/small.txt".format(bucket))
        self.assertEqual(self.direct_keys(0, bucket), [])
        self.aws("s3", "rb", "s3://" + bucket)
        self.assertNotIn(bucket, [b["Name"] for b in self.direct[0].list_buckets()["Buckets"]])

    def boto3_flow(self, client, tag):
        bucket = harness.unique_bucket(tag)
        client.create_bucket(Bucket=bucket)
        self.make_bucket_with_fallback_object(bucket)
        client.put_object(Bucket=bucket, Key="small", Body=b"small via boto3")
        self.assertEqual(self.direct[0].get_object(Bucket=bucket, Key="small")["Body"].read(),
                         b"small via boto3")
        client.upload_file(self.big, bucket, "big.bin",
                           Config=TransferConfig(multipart_threshold=8 * MIB,
                                                 multipart_chunksize=8 * MIB, max_concurrency=2))
        self.assertEqual(self.primary_sha(bucket, "big.bin"), self.big_sha)
        down = self.file(tag + ".bin", b"")
        client.download_file(bucket, "big.bin", down)
        self.assertEqual(sha256_file(down), self.big_sha)
        r = client.get_object(Bucket=bucket, Key="from-fallback.txt")
        self.assertEqual(served_by(r), self.backend_names[1])
        keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]]
        self.assertEqual(keys, ["big.bin", "from-fallback.txt", "small"])
        client.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "big.bin"},
                                                                 {"Key": "small"}]})
        self.assertEqual(self.direct_keys(0, bucket), [])

    def test_boto3_default_checksums_flow(self):
        self.boto3_flow(self.gateway.boto3_client(), "boto3")

    def test_boto3_trailer_checksums_flow(self):
        client = force_trailer_checksums(self.gateway.boto3_client())
        sent = record_headers(client)
        self.boto3_flow(client, "trailer")
        chunked = {op for op, h in sent
                   if h.get("x-amz-content-sha256") == "STREAMING-UNSIGNED-PAYLOAD-TRAILER"}
        self.assertEqual(chunked, {"PutObject", "UploadPart"}, "the trailer form was not sent")

    def test_s3cmd_flow(self):
        cfg = self.gateway.s3cmd_config(chunk_mb=5)

        def s3cmd(*args):
            return harness.run(["s3cmd", "-c", cfg] + list(args), env=self.env, timeout=300)

        bucket = harness.unique_bucket("s3cmd")
        s3cmd("mb", "s3://" + bucket)
        self.make_bucket_with_fallback_object(bucket)
        small = self.file("small.txt", b"small via s3cmd\n")
        s3cmd("put", small, "s3://{}/small.txt".format(bucket))
        s3cmd("put", self.big, "s3://{}/big.bin".format(bucket))  # 4 parts of 5 MiB
        self.assertEqual(self.primary_sha(bucket, "big.bin"), self.big_sha)
        listed = s3cmd("ls", "s3://{}/".format(bucket)).stdout.decode()
        self.assertEqual(sorted(l.split()[-1].rsplit("/", 1)[-1] for l in listed.splitlines()),
                         ["big.bin", "from-fallback.txt", "small.txt"])
        down = self.file("down.bin", b"")
        s3cmd("get", "--force", "s3://{}/big.bin".format(bucket), down)
        self.assertEqual(sha256_file(down), self.big_sha)
        s3cmd("get", "--force", "s3://{}/from-fallback.txt".format(bucket), down)
        with open(down, "rb") as f:
            self.assertEqual(f.read(), b"fallback says hi")
        s3cmd("del", "s3://{}/big.bin".format(bucket), "s3://{}/small.txt".format(bucket))
        self.assertEqual(self.direct_keys(0, bucket), [])
        s3cmd("rb", "s3://" + bucket)


class PosixPrimaryClientsTest(ClientFlows, MultiTestCase):
    pass


class S3rverPrimaryClientsTest(ClientFlows, MultiTestCase):
    backend_names = ["s3rver-primary", "moto", "posix"]

    @classmethod
    def make_backends(cls):
        return [S3rverServer(), MotoServer(), PosixGateway()]


if __name__ == "__main__":
    harness.main()
