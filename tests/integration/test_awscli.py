"""aws cli against the gateway (the aws on PATH, and Debian's v2 when S3C_AWS names it): the
high-level `aws s3` commands and the `aws s3api` operations a user scripts by hand."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import MIB, sha256_file, write_random_file  # noqa: E402


def tree_digest(root):
    """{relative path: sha256} of every file below root."""
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            full = os.path.join(dirpath, name)
            out[os.path.relpath(full, root)] = sha256_file(full)
    return out


class AwsCliS3Test(harness.IntegrationTestCase):
    """aws s3 mb/cp/ls/rm/sync."""

    def test_mb_cp_ls_rm_small(self):
        bucket = harness.unique_bucket("cli-small")
        self.aws("s3", "mb", "s3://" + bucket)
        listing = self.aws("s3", "ls").stdout.decode()
        self.assertIn(bucket, listing, "aws s3 ls does not list the new bucket")
        src = write_random_file(self.path("small", "hello.bin"), 1234)
        self.aws("s3", "cp", "--no-progress", src, "s3://{}/dir/hello.bin".format(bucket))
        out = self.aws("s3", "ls", "s3://{}/dir/".format(bucket)).stdout.decode()
        self.assertRegex(out, r"\s1234 hello\.bin", "ls shows wrong size or name: " + out)
        dst = self.path("small", "back.bin")
        self.aws("s3", "cp", "--no-progress", "s3://{}/dir/hello.bin".format(bucket), dst)
        self.assertEqual(sha256_file(dst), sha256_file(src))
        self.aws("s3", "rm", "s3://{}/dir/hello.bin".format(bucket))
        out = self.aws("s3", "ls", "s3://{}/".format(bucket), check=False).stdout.decode()
        self.assertNotIn("hello.bin", out, "object still listed after aws s3 rm")
        self.aws("s3", "rb", "s3://" + bucket)
        self.assertNotIn(bucket, self.aws("s3", "ls").stdout.decode())

    def test_cp_50mib_multipart(self):
        # aws s3 cp switches to multipart above 8 MiB (multipart_threshold) with 8 MiB parts:
        # 50 MiB = 7 parts, the last one short.
        bucket = self.new_bucket("cli-big")
        src = write_random_file(self.path("big", "fifty.bin"), 50 * MIB)
        self.aws("s3", "cp", "--no-progress", src, "s3://{}/big/fifty.bin".format(bucket), timeout=600)
        head = self.s3api("head-object", "--bucket", bucket, "--key", "big/fifty.bin")
        self.assertEqual(head["ContentLength"], 50 * MIB)
        self.assertRegex(head["ETag"], r'^"[0-9a-f]{32}-7"$',
                         "a 7-part multipart upload has ETag md5-of-md5s-7")
        dst = self.path("big", "fifty.back")
        self.aws("s3", "cp", "--no-progress", "s3://{}/big/fifty.bin".format(bucket), dst, timeout=600)
        self.assertEqual(os.path.getsize(dst), 50 * MIB)
        self.assertEqual(sha256_file(dst), sha256_file(src), "50 MiB round trip differs")

    def test_sync_up_down_delete(self):
        bucket = self.new_bucket("cli-sync")
        src = self.path("sync-src", "x")[:-2]
        for rel, size in [("a.txt", 10), ("sub/b.bin", 70000), ("sub/deeper/c.bin", 1),
                          ("empty.txt", 0), ("sub/d.bin", 9 * MIB)]:
            write_random_file(self.path("sync-src", rel), size)
        # aws s3 sync re-uploads when the local mtime is later than LastModified, which S3
        # reports with one-second precision: date the files back so "unchanged" is unambiguous.
        past = os.path.getmtime(src) - 3600
        for rel in tree_digest(src):
            os.utime(os.path.join(src, rel), (past, past))
        self.aws("s3", "sync", "--no-progress", src, "s3://{}/tree".format(bucket), timeout=600)
        listed = self.s3.list_objects_v2(Bucket=bucket, Prefix="tree/")
        self.assertEqual(sorted(o["Key"] for o in listed["Contents"]),
                         ["tree/a.txt", "tree/empty.txt", "tree/sub/b.bin", "tree/sub/d.bin",
                          "tree/sub/deeper/c.bin"])
        # A second sync of an unchanged tree uploads nothing (size + mtime comparison, which
        # needs correct Content-Length and LastModified in the listing).
        again = self.aws("s3", "sync", "--no-progress", src, "s3://{}/tree".format(bucket)).stdout.decode()
        self.assertNotIn("upload:", again, "unchanged tree re-uploaded:\n" + again)
        dst = self.path("sync-dst", "x")[:-2]
        self.aws("s3", "sync", "--no-progress", "s3://{}/tree".format(bucket), dst, timeout=600)
        self.assertEqual(tree_digest(dst), tree_digest(src))
        os.remove(os.path.join(src, "sub", "b.bin"))
        out = self.aws("s3", "sync", "--no-progress", "--delete", src, "s3://{}/tree".format(bucket)).stdout
        self.assertIn(b"delete:", out)
        keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket=bucket)["Contents"]]
        self.assertNotIn("tree/sub/b.bin", keys)
        self.assertEqual(len(keys), 4)


class AwsCliS3ApiTest(harness.IntegrationTestCase):
    """aws s3api operations."""

    def put(self, bucket, key, body_path, *extra):
        return self.s3api("put-object", "--bucket", bucket, "--key", key, "--body", body_path,
                          *extra)

    def test_put_get_range_head(self):
        bucket = self.new_bucket("api-range")
        src = self.path("range", "obj")
        with open(src, "wb") as f:
            f.write(bytes(range(256)) * 40)  # 10240 bytes with position-dependent content
        put = self.put(bucket, "r/obj", src, "--content-type", "application/x-test",
                       "--metadata", "color=blue,Shape=Round")
        self.assertRegex(put["ETag"], r'^"[0-9a-f]{32}"$')
        out = self.path("range", "part")
        got = self.s3api("get-object", "--bucket", bucket, "--key", "r/obj", "--range",
                         "bytes=100-355", out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), (bytes(range(256)) * 40)[100:356])
        self.assertEqual(got["ContentLength"], 256)
        self.assertEqual(got["ContentRange"], "bytes 100-355/10240")
        # Suffix range: the last N bytes (RFC 9110 section 14.1.2).
        self.s3api("get-object", "--bucket", bucket, "--key", "r/obj", "--range", "bytes=-10",
                   out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), (bytes(range(256)) * 40)[-10:])
        head = self.s3api("head-object", "--bucket", bucket, "--key", "r/obj")
        self.assertEqual(head["ContentLength"], 10240)
        self.assertEqual(head["ContentType"], "application/x-test")
        self.assertEqual(head["ETag"], put["ETag"])
        # User metadata names are returned lower-cased (x-amz-meta-* headers are case-insensitive).
        self.assertEqual(head["Metadata"], {"color": "blue", "shape": "Round"})
        self.assertIn("LastModified", head)

    def test_copy_object_copy_and_replace(self):
        bucket = self.new_bucket("api-copy")
        src = write_random_file(self.path("copy", "src"), 4096)
        self.put(bucket, "orig", src, "--content-type", "text/x-orig", "--metadata", "k1=v1")
        self.s3api("copy-object", "--bucket", bucket, "--key", "copied",
                   "--copy-source", bucket + "/orig", "--metadata-directive", "COPY")
        head = self.s3api("head-object", "--bucket", bucket, "--key", "copied")
        self.assertEqual(head["Metadata"], {"k1": "v1"}, "COPY must keep the source metadata")
        self.assertEqual(head["ContentType"], "text/x-orig")
        self.s3api("copy-object", "--bucket", bucket, "--key", "replaced",
                   "--copy-source", bucket + "/orig", "--metadata-directive", "REPLACE",
                   "--metadata", "k2=v2", "--content-type", "text/x-new")
        head = self.s3api("head-object", "--bucket", bucket, "--key", "replaced")
        self.assertEqual(head["Metadata"], {"k2": "v2"}, "REPLACE must use the request metadata")
        self.assertEqual(head["ContentType"], "text/x-new")
        dst = self.path("copy", "dst")
        self.s3api("get-object", "--bucket", bucket, "--key", "replaced", dst)
        self.assertEqual(sha256_file(dst), sha256_file(src))
        # Copying an object onto itself without REPLACE is an InvalidRequest (CopyObject docs).
        cp = self.aws("s3api", "copy-object", "--bucket", bucket, "--key", "orig",
                      "--copy-source", bucket + "/orig", check=False)
        self.assertNotEqual(cp.returncode, 0)
        self.assertIn(b"InvalidRequest", cp.stderr)

    def test_delete_objects(self):
        bucket = self.new_bucket("api-delete")
        src = write_random_file(self.path("del", "f"), 10)
        for key in ("d/1", "d/2", "d/3"):
            self.put(bucket, key, src)
        doc = json.dumps({"Objects": [{"Key": "d/1"}, {"Key": "d/3"}, {"Key": "d/missing"}]})
        res = self.s3api("delete-objects", "--bucket", bucket, "--delete", doc)
        # Deleting a key that does not exist is a success in S3 (DeleteObjects docs).
        self.assertEqual(sorted(d["Key"] for d in res["Deleted"]), ["d/1", "d/3", "d/missing"])
        self.assertFalse(res.get("Errors"))
        keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket=bucket)["Contents"]]
        self.assertEqual(keys, ["d/2"])
        quiet = json.dumps({"Objects": [{"Key": "d/2"}], "Quiet": True})
        res = self.s3api("delete-objects", "--bucket", bucket, "--delete", quiet)
        if harness.IS_GATEWAY:  # moto 5.2 lists Deleted even in quiet mode
            self.assertFalse(res.get("Deleted"), "Quiet mode reports only errors")
        self.assertEqual(self.s3.list_objects_v2(Bucket=bucket)["KeyCount"], 0)

    def fill_listing_bucket(self):
        bucket = self.new_bucket("api-list")
        for key in ["a/1", "a/2", "a/sub/3", "b/1", "b/2", "c", "d", "e"]:
            self.s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
        return bucket

    def test_list_objects_v1(self):
        bucket = self.fill_listing_bucket()
        res = self.s3api("list-objects", "--bucket", bucket, "--delimiter", "/")
        self.assertEqual([p["Prefix"] for p in res["CommonPrefixes"]], ["a/", "b/"])
        self.assertEqual([o["Key"] for o in res["Contents"]], ["c", "d", "e"])
        res = self.s3api("list-objects", "--bucket", bucket, "--prefix", "a/", "--delimiter", "/")
        self.assertEqual([o["Key"] for o in res["Contents"]], ["a/1", "a/2"])
        self.assertEqual([p["Prefix"] for p in res["CommonPrefixes"]], ["a/sub/"])
        # Manual pagination with Marker/NextMarker (ListObjects: NextMarker is returned only with
        # a delimiter; without one the client continues from the last key).
        keys, marker = [], None
        for _ in range(10):
            args = ["list-objects", "--no-paginate", "--bucket", bucket, "--max-keys", "3"]
            if marker:
                args += ["--marker", marker]
            page = self.s3api(*args)
            got = [o["Key"] for o in page.get("Contents", [])]
            self.assertLessEqual(len(got), 3, "max-keys not honoured")
            keys += got
            if not page.get("IsTruncated"):
                break
            marker = page.get("NextMarker") or got[-1]
        self.assertEqual(keys, ["a/1", "a/2", "a/sub/3", "b/1", "b/2", "c", "d", "e"])
        # Delimiter pagination: common prefixes count against max-keys, NextMarker continues
        # (S3 returns it with a delimiter) and no prefix or key appears twice across pages.
        page = self.s3api("list-objects", "--no-paginate", "--bucket", bucket, "--delimiter", "/",
                          "--max-keys", "2")
        self.assertTrue(page["IsTruncated"])
        self.assertEqual([p["Prefix"] for p in page["CommonPrefixes"]], ["a/", "b/"])
        self.assertTrue(page["NextMarker"])
        seen = ["a/", "b/"]
        if harness.IS_GATEWAY:  # moto 5.2 skips "c" and "d" after its opaque NextMarker
            for _ in range(10):
                page = self.s3api("list-objects", "--no-paginate", "--bucket", bucket,
                                  "--delimiter", "/", "--max-keys", "2", "--marker",
                                  page["NextMarker"])
                seen += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
                seen += [o["Key"] for o in page.get("Contents", [])]
                if not page["IsTruncated"]:
                    break
            self.assertEqual(seen, ["a/", "b/", "c", "d", "e"])

    def test_list_objects_v2(self):
        bucket = self.fill_listing_bucket()
        res = self.s3api("list-objects-v2", "--no-paginate", "--bucket", bucket, "--prefix", "b/")
        self.assertEqual([o["Key"] for o in res["Contents"]], ["b/1", "b/2"])
        self.assertEqual(res["KeyCount"], 2)
        keys, token, pages = [], None, 0
        for _ in range(10):
            args = ["list-objects-v2", "--no-paginate", "--bucket", bucket, "--max-keys", "3"]
            if token:
                args += ["--continuation-token", token]
            page = self.s3api(*args)
            pages += 1
            self.assertEqual(page["KeyCount"], len(page.get("Contents", [])))
            self.assertLessEqual(page["KeyCount"], 3)
            keys += [o["Key"] for o in page.get("Contents", [])]
            if not page["IsTruncated"]:
                self.assertNotIn("NextContinuationToken", page)
                break
            token = page["NextContinuationToken"]
        self.assertEqual(pages, 3)
        self.assertEqual(keys, ["a/1", "a/2", "a/sub/3", "b/1", "b/2", "c", "d", "e"])
        page = self.s3api("list-objects-v2", "--no-paginate", "--bucket", bucket, "--start-after",
                          "b/2", "--delimiter", "/")
        self.assertEqual([o["Key"] for o in page["Contents"]], ["c", "d", "e"])
        self.assertNotIn("CommonPrefixes", page)
        # The CLI's own paginator (page size 2) must see every key exactly once.
        res = self.s3api("list-objects-v2", "--bucket", bucket, "--page-size", "2")
        self.assertEqual([o["Key"] for o in res["Contents"]],
                         ["a/1", "a/2", "a/sub/3", "b/1", "b/2", "c", "d", "e"])
        empty = self.s3api("list-objects-v2", "--bucket", bucket, "--prefix", "zzz")
        self.assertNotIn("Contents", empty)

    def test_multipart_complete_and_abort(self):
        bucket = self.new_bucket("api-mpu")
        up = self.s3api("create-multipart-upload", "--bucket", bucket, "--key", "mp/obj",
                        "--content-type", "application/x-mp")
        upload_id = up["UploadId"]
        p1 = write_random_file(self.path("mpu", "p1"), 5 * MIB)  # 5 MiB minimum but last part
        p2 = write_random_file(self.path("mpu", "p2"), 1000)
        e1 = self.s3api("upload-part", "--bucket", bucket, "--key", "mp/obj", "--part-number",
                        "1", "--upload-id", upload_id, "--body", p1)["ETag"]
        e2 = self.s3api("upload-part", "--bucket", bucket, "--key", "mp/obj", "--part-number",
                        "2", "--upload-id", upload_id, "--body", p2)["ETag"]
        parts = self.s3api("list-parts", "--bucket", bucket, "--key", "mp/obj", "--upload-id",
                           upload_id)
        self.assertEqual([(p["PartNumber"], p["ETag"], p["Size"]) for p in parts["Parts"]],
                         [(1, e1, 5 * MIB), (2, e2, 1000)])
        uploads = self.s3api("list-multipart-uploads", "--bucket", bucket)
        self.assertEqual([(u["Key"], u["UploadId"]) for u in uploads["Uploads"]],
                         [("mp/obj", upload_id)])
        done = self.s3api("complete-multipart-upload", "--bucket", bucket, "--key", "mp/obj",
                          "--upload-id", upload_id, "--multipart-upload", json.dumps(
                              {"Parts": [{"PartNumber": 1, "ETag": e1},
                                         {"PartNumber": 2, "ETag": e2}]}))
        self.assertRegex(done["ETag"], r'^"[0-9a-f]{32}-2"$')
        out = self.path("mpu", "out")
        got = self.s3api("get-object", "--bucket", bucket, "--key", "mp/obj", out)
        self.assertEqual(got["ContentType"], "application/x-mp")
        with open(out, "rb") as f, open(p1, "rb") as a, open(p2, "rb") as b:
            self.assertEqual(f.read(), a.read() + b.read())
        self.assertNotIn("Uploads", self.s3api("list-multipart-uploads", "--bucket", bucket))

        up2 = self.s3api("create-multipart-upload", "--bucket", bucket, "--key", "mp/aborted")
        self.s3api("upload-part", "--bucket", bucket, "--key", "mp/aborted", "--part-number", "1",
                   "--upload-id", up2["UploadId"], "--body", p2)
        self.s3api("abort-multipart-upload", "--bucket", bucket, "--key", "mp/aborted",
                   "--upload-id", up2["UploadId"])
        self.assertNotIn("Uploads", self.s3api("list-multipart-uploads", "--bucket", bucket))
        cp = self.aws("s3api", "list-parts", "--bucket", bucket, "--key", "mp/aborted",
                      "--upload-id", up2["UploadId"], check=False)
        self.assertNotEqual(cp.returncode, 0)
        self.assertIn(b"NoSuchUpload", cp.stderr)
        cp = self.aws("s3api", "head-object", "--bucket", bucket, "--key", "mp/aborted",
                      check=False)
        self.assertIn(b"404", cp.stderr, "an aborted upload must not create the object")

    def test_get_bucket_location(self):
        bucket = self.new_bucket("api-loc")
        res = self.s3api("get-bucket-location", "--bucket", bucket)
        # us-east-1 is reported as an empty LocationConstraint (GetBucketLocation docs).
        self.assertIn(res.get("LocationConstraint"), (None, ""))

    def test_conditional_get(self):
        bucket = self.new_bucket("api-cond")
        src = write_random_file(self.path("cond", "f"), 100)
        etag = self.put(bucket, "c", src)["ETag"]
        out = self.path("cond", "out")
        cp = self.aws("s3api", "get-object", "--bucket", bucket, "--key", "c", "--if-none-match",
                      etag, out, check=False)
        self.assertNotEqual(cp.returncode, 0, "If-None-Match on the current ETag must not be 200")
        self.assertIn(b"304", cp.stderr)
        cp = self.aws("s3api", "get-object", "--bucket", bucket, "--key", "c", "--if-match",
                      '"0123456789abcdef0123456789abcdef"', out, check=False)
        self.assertNotEqual(cp.returncode, 0)
        self.assertIn(b"PreconditionFailed", cp.stderr)
        # The matching forms succeed.
        self.s3api("get-object", "--bucket", bucket, "--key", "c", "--if-match", etag, out)
        self.s3api("get-object", "--bucket", bucket, "--key", "c", "--if-none-match",
                   '"0123456789abcdef0123456789abcdef"', out)
        self.assertEqual(sha256_file(out), sha256_file(src))


if __name__ == "__main__":
    harness.main()
