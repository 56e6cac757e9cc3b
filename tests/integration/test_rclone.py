"""rclone 1.60 (Debian) with an environment-only remote (RCLONE_CONFIG_S3C_*: type s3, provider
Other, path style): mkdir, copy (single and multipart), ls/lsf, cat, check, delete."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import MIB, sha256_file, write_random_file  # noqa: E402


class RcloneTest(harness.IntegrationTestCase):

    def rclone(self, *args, check=True, timeout=300):
        # Small cutoff/chunk so an 11 MiB file goes multipart (rclone's default cutoff is 200M).
        argv = ["rclone", "--retries", "1", "--low-level-retries", "1",
                "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M"]
        if not harness.IS_GATEWAY:
            # moto answers x-amz-version-id "null" for unversioned buckets and then refuses
            # rclone's HEAD ?versionId=null; S3 sends no version id there.
            argv.append("--s3-no-head")
        return harness.run(argv + list(args), env=self.env, check=check, timeout=timeout)

    def test_copy_ls_cat_check(self):
        bucket = harness.unique_bucket("rclone")
        self.rclone("mkdir", "s3c:" + bucket)
        self.assertIn(bucket, self.rclone("lsd", "s3c:").stdout.decode())
        root = os.path.dirname(self.path("src", "x"))
        with open(self.path("src", "hello.txt"), "wb") as f:
            f.write("hello from rclone ñ\n".encode("utf-8"))
        write_random_file(self.path("src", "sub", "mid.bin"), 300000)
        write_random_file(self.path("src", "sub", "big.bin"), 11 * MIB)
        self.rclone("copy", root, "s3c:{}/data".format(bucket), timeout=600)
        out = self.rclone("ls", "s3c:" + bucket).stdout.decode()
        sizes = {line.split(None, 1)[1]: int(line.split(None, 1)[0])
                 for line in out.splitlines() if line.strip()}
        self.assertEqual(sizes, {"data/hello.txt": 21, "data/sub/mid.bin": 300000,
                                 "data/sub/big.bin": 11 * MIB})
        self.assertEqual(self.rclone("cat", "s3c:{}/data/hello.txt".format(bucket)).stdout,
                         "hello from rclone ñ\n".encode("utf-8"))
        head = self.s3.head_object(Bucket=bucket, Key="data/sub/big.bin")
        self.assertRegex(head["ETag"], r'^"[0-9a-f]{32}-3"$', "rclone should upload 3 parts")
        # rclone check compares sizes and hashes (MD5 from ETag, or its own metadata for
        # multipart objects) of both sides.
        self.rclone("check", root, "s3c:{}/data".format(bucket))
        dst = os.path.dirname(self.path("dst", "x"))
        self.rclone("copy", "s3c:{}/data".format(bucket), dst, timeout=600)
        self.assertEqual(sha256_file(os.path.join(dst, "sub", "big.bin")),
                         sha256_file(os.path.join(root, "sub", "big.bin")))
        lsf = self.rclone("lsf", "s3c:{}/data/".format(bucket)).stdout.decode().split()
        self.assertEqual(sorted(lsf), ["hello.txt", "sub/"])
        self.rclone("delete", "s3c:{}/data/sub".format(bucket))
        out = self.rclone("ls", "s3c:" + bucket).stdout.decode()
        self.assertNotIn("big.bin", out)
        self.assertIn("hello.txt", out)


if __name__ == "__main__":
    harness.main()
