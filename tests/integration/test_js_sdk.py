"""The AWS SDK for JavaScript v3 (npm @aws-sdk/client-s3, lib-storage, s3-request-presigner,
pinned in tests/run-tests.sh) against the gateway: PutObject with its default CRC32 trailer
checksum, GetObject/Range/HEAD, paginated ListObjectsV2, lib-storage multipart Upload, CopyObject,
DeleteObjects, and SDK-presigned URLs used with fetch(). Each step is checked with boto3 too."""

import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import MIB, sha256_file, write_random_file  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
NODE_MODULES = os.path.join(SOURCE, ".deps", "node", "node_modules")
SCRIPT = os.path.join(HERE, "js", "sdk_client.mjs")


class JsSdkTest(harness.IntegrationTestCase):

    @classmethod
    def setUpClass(cls):
        if not os.path.isdir(os.path.join(NODE_MODULES, "@aws-sdk", "client-s3")):
            raise harness.CommandFailed(
                "@aws-sdk/client-s3 is missing at {}: tests/run-tests.sh installs it".format(
                    NODE_MODULES))
        super().setUpClass()

    def js(self, *args, expect_ok=True):
        env = dict(self.env, S3C_ENDPOINT=self.server.endpoint, S3C_NODE_MODULES=NODE_MODULES)
        cp = harness.run(["node", SCRIPT] + list(args), env=env, check=False, timeout=300)
        lines = cp.stdout.decode("utf-8", "replace").strip().splitlines()
        self.assertTrue(lines, "no output from the JS SDK; stderr: " + cp.stderr.decode()[-2000:])
        out = json.loads(lines[-1])
        if expect_ok:
            self.assertEqual(cp.returncode, 0, "JS SDK {} failed: {}\nstderr: {}".format(
                args[0], out, cp.stderr.decode()[-2000:]))
        return out

    def test_put_get_head_range_list(self):
        bucket = harness.unique_bucket("jssdk")
        self.js("createBucket", bucket)
        src = write_random_file(self.path("in", "a.bin"), 100000)
        put = self.js("put", bucket, "dir/a.bin", src, "application/x-test")
        with open(src, "rb") as f:
            data = f.read()
        md5 = hashlib.md5(data).hexdigest()
        self.assertEqual(put["etag"], '"{}"'.format(md5), "ETag is not the MD5 of the bytes")
        got = self.js("get", bucket, "dir/a.bin", self.path("out", "a.bin"))
        self.assertEqual(sha256_file(self.path("out", "a.bin")), sha256_file(src))
        self.assertEqual(got["contentType"], "application/x-test")
        self.assertEqual(got["metadata"], {"origin": "js-sdk"})
        # boto3 sees the same stored object: the CRC32 trailer was decoded, not stored.
        self.assertEqual(self.s3.head_object(Bucket=bucket, Key="dir/a.bin")["ContentLength"],
                         100000)
        rng = self.js("range", bucket, "dir/a.bin", "bytes=10-19")
        self.assertEqual(rng["contentRange"], "bytes 10-19/100000")
        self.assertEqual(bytes.fromhex(rng["body"]), data[10:20])
        self.assertEqual(self.js("head", bucket, "dir/a.bin")["length"], 100000)
        missing = self.js("head", bucket, "nope")
        self.assertEqual(missing["status"], 404)
        self.assertEqual(self.js("getMissing", bucket, "nope")["name"], "NoSuchKey")
        for k in ("dir/b.txt", "dir/sub/c.txt", "top.txt"):
            self.s3.put_object(Bucket=bucket, Key=k, Body=b"x" * 3)
        listing = self.js("list", bucket, "", "")
        self.assertEqual([k for k, _ in listing["keys"]],
                         ["dir/a.bin", "dir/b.txt", "dir/sub/c.txt", "top.txt"],
                         "MaxKeys=2 pagination lost or repeated keys")
        grouped = self.js("list", bucket, "dir/", "/")
        self.assertEqual([k for k, _ in grouped["keys"]], ["dir/a.bin", "dir/b.txt"])
        self.assertEqual(grouped["prefixes"], ["dir/sub/"])

    def test_multipart_upload_copy_delete(self):
        bucket = harness.unique_bucket("jssdk-mp")
        self.js("createBucket", bucket)
        src = write_random_file(self.path("mp", "big.bin"), 12 * MIB + 123)
        up = self.js("upload", bucket, "big.bin", src, "5")
        self.assertRegex(up["etag"], r'^"[0-9a-f]{32}-3"$', "lib-storage should send 3 parts")
        body = self.s3.get_object(Bucket=bucket, Key="big.bin")["Body"].read()
        self.assertEqual(hashlib.sha256(body).hexdigest(), sha256_file(src))
        copied = self.js("copy", bucket, "big.bin", "copy of big.bin")
        self.assertTrue(copied["etag"], "CopyObject returned no ETag")
        self.assertEqual(self.s3.head_object(Bucket=bucket, Key="copy of big.bin")
                         ["ContentLength"], 12 * MIB + 123)
        gone = self.js("deleteMany", bucket, "big.bin", "copy of big.bin", "never-existed")
        self.assertEqual(gone["deleted"], ["big.bin", "copy of big.bin", "never-existed"])
        self.assertEqual(gone["errors"], [])
        self.assertEqual(self.s3.list_objects_v2(Bucket=bucket).get("KeyCount"), 0)

    def test_presigned_fetch(self):
        bucket = harness.unique_bucket("jssdk-pre")
        self.js("createBucket", bucket)
        out = self.js("presignRoundTrip", bucket, "shared/hello.txt", "hello from a page")
        self.assertEqual(out["put"], 200, out)
        self.assertEqual(out["get"], 200, out)
        self.assertEqual(out["body"], "hello from a page")
        self.assertEqual(out["tampered"], 403, "a presigned URL with another key was accepted")
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="shared/hello.txt")["Body"].read(),
                         b"hello from a page")


if __name__ == "__main__":
    harness.main()
