"""s3cmd 2.3 (Debian) against the gateway: path-style host_bucket, SigV4, plain http."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import MIB, sha256_file, write_random_file  # noqa: E402


class S3cmdTest(harness.IntegrationTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cfg = cls.server.s3cmd_config(chunk_mb=5)

    def s3cmd(self, *args, check=True, timeout=300):
        return harness.run(["s3cmd", "-c", self.cfg, "--no-progress"] + list(args),
                           env=self.env, check=check, timeout=timeout)

    def listing(self, *args):
        """Object URLs of `s3cmd ls`/`la` output (last column of each object line)."""
        out = self.s3cmd(*args).stdout.decode("utf-8")
        return [line.split()[-1] for line in out.splitlines() if " s3://" in line
                and not line.strip().startswith("DIR")]

    def test_mb_put_get_ls_del(self):
        bucket = harness.unique_bucket("s3cmd-basic")
        url = "s3://" + bucket
        self.s3cmd("mb", url)
        self.assertIn(url, self.s3cmd("ls").stdout.decode())
        src = write_random_file(self.path("basic", "one.bin"), 4321)
        self.s3cmd("put", src, url + "/dir/one.bin")
        out = self.s3cmd("ls", url + "/dir/").stdout.decode()
        self.assertRegex(out, r"\s4321\s+" + url + "/dir/one.bin", out)
        dst = self.path("basic", "back.bin")
        self.s3cmd("get", url + "/dir/one.bin", dst)
        self.assertEqual(sha256_file(dst), sha256_file(src))
        # `ls` without --recursive shows the "directory" as a common prefix.
        self.assertIn("DIR", self.s3cmd("ls", url).stdout.decode())
        self.assertIn(url + "/dir/one.bin", self.listing("la", "--recursive"))
        self.s3cmd("del", url + "/dir/one.bin")
        self.assertEqual(self.listing("ls", "--recursive", url), [])
        self.s3cmd("rb", url)
        self.assertNotIn(url, self.s3cmd("ls").stdout.decode())

    def test_multipart_put(self):
        # 12 MiB with multipart_chunk_size_mb=5: s3cmd uploads 3 parts and verifies the ETag.
        bucket = self.new_bucket("s3cmd-mp")
        url = "s3://" + bucket
        src = write_random_file(self.path("mp", "big.bin"), 12 * MIB + 7)
        self.s3cmd("put", src, url + "/big.bin", timeout=600)
        head = self.s3.head_object(Bucket=bucket, Key="big.bin")
        self.assertRegex(head["ETag"], r'^"[0-9a-f]{32}-3"$')
        dst = self.path("mp", "big.back")
        self.s3cmd("get", url + "/big.bin", dst, timeout=600)
        self.assertEqual(sha256_file(dst), sha256_file(src))

    def test_sync(self):
        bucket = self.new_bucket("s3cmd-sync")
        url = "s3://" + bucket
        root = os.path.dirname(self.path("sync", "a.txt"))
        for rel, size in (("a.txt", 3), ("b/c.bin", 20000), ("b/d/e.bin", 1)):
            write_random_file(self.path("sync", rel), size)
        self.s3cmd("sync", root + "/", url + "/mirror/")
        self.assertEqual(sorted(self.listing("ls", "--recursive", url)),
                         [url + "/mirror/a.txt", url + "/mirror/b/c.bin",
                          url + "/mirror/b/d/e.bin"])
        # Unchanged files are compared by size and MD5 (ETag) and not sent again.
        again = self.s3cmd("sync", root + "/", url + "/mirror/")
        self.assertNotIn(b"upload:", again.stdout)
        dst = os.path.dirname(self.path("sync-back", "x"))
        self.s3cmd("sync", url + "/mirror/", dst + "/")
        for rel in ("a.txt", "b/c.bin", "b/d/e.bin"):
            self.assertEqual(sha256_file(os.path.join(dst, rel)),
                             sha256_file(os.path.join(root, rel)), rel)


if __name__ == "__main__":
    harness.main()
