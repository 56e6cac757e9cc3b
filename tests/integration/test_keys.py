"""Object keys that proxies and HTTP libraries like to "normalise": spaces, unicode, `+`, `%`,
`~`, `//`. SigV4 signs the raw request target (URI-encoded once, '/' kept, no path
normalisation for S3), so each must round-trip byte-exact through boto3 and aws cli and list back
unchanged, in UTF-8 binary order (ListObjectsV2: "lexicographical order")."""

import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

KEYS = [
    "with space.txt",
    "ñandú/日本語.txt",
    "a+b=c&d.txt",
    "100%.txt",
    "%2F-not-a-slash",
    "tilde~x",
    "semi;colon,comma:colon",
    "quote'paren(1)[2]{3}!@$*",
    "ümlaut é/ß",
    "emoji-\U0001F600.bin",
    "trailing/",
]
# A key with an empty path segment. Some gateways refuse these with InvalidArgument; S3 stores
# them. The gateway may do either, but must do it clearly (brief).
DOUBLE_SLASH_KEYS = ["dir//double", "//leading"]


class KeysTest(harness.IntegrationTestCase):

    def put_double_slash(self, client, bucket, key, body):
        """True if stored, False if refused with exactly 400 InvalidArgument."""
        from botocore.exceptions import ClientError
        try:
            client.put_object(Bucket=bucket, Key=key, Body=body)
            return True
        except ClientError as e:
            self.assertEqual((e.response["ResponseMetadata"]["HTTPStatusCode"],
                              e.response["Error"]["Code"]), (400, "InvalidArgument"),
                             "a // key is either stored or refused with InvalidArgument")
            return False

    def test_boto3_round_trip_and_listing(self):
        bucket = self.new_bucket()
        stored = list(KEYS)
        for key in KEYS:
            self.s3.put_object(Bucket=bucket, Key=key, Body=key.encode("utf-8"))
        for key in DOUBLE_SLASH_KEYS:
            if self.put_double_slash(self.s3, bucket, key, key.encode("utf-8")):
                stored.append(key)
        for key in stored:
            got = self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            self.assertEqual(got, key.encode("utf-8"), "content of {!r}".format(key))
            self.assertEqual(self.s3.head_object(Bucket=bucket, Key=key)["ContentLength"],
                             len(key.encode("utf-8")))
        # botocore lists with EncodingType=url and decodes; the order is UTF-8 byte order,
        # which for str is code point order.
        listed = [o["Key"] for o in self.s3.list_objects_v2(Bucket=bucket)["Contents"]]
        self.assertEqual(listed, sorted(stored))
        listed_v1 = [o["Key"] for o in self.s3.list_objects(Bucket=bucket)["Contents"]]
        self.assertEqual(listed_v1, sorted(stored))
        prefixed = self.s3.list_objects_v2(Bucket=bucket, Prefix="ñandú/")
        self.assertEqual([o["Key"] for o in prefixed["Contents"]], ["ñandú/日本語.txt"])
        self.s3.copy_object(Bucket=bucket, Key="copy of ñandú",
                            CopySource={"Bucket": bucket, "Key": "ñandú/日本語.txt"})
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="copy of ñandú")["Body"].read(),
                         "ñandú/日本語.txt".encode("utf-8"))
        res = self.s3.delete_objects(Bucket=bucket, Delete={
            "Objects": [{"Key": "a+b=c&d.txt"}, {"Key": "100%.txt"}]})
        self.assertEqual(sorted(d["Key"] for d in res["Deleted"]), ["100%.txt", "a+b=c&d.txt"])
        self.s3.delete_object(Bucket=bucket, Key="with space.txt")
        left = [o["Key"] for o in self.s3.list_objects_v2(Bucket=bucket)["Contents"]]
        self.assertNotIn("with space.txt", left)
        self.assertNotIn("a+b=c&d.txt", left)
        self.assertIn("tilde~x", left)

    def test_listing_without_url_encoding(self):
        # Without EncodingType the XML carries the keys as UTF-8 text (XML-escaped).
        from test_auth import signed
        bucket = self.new_bucket()
        for key in ("ñandú/日本語.txt", "a&b<c>.txt", "with space"):
            self.s3.put_object(Bucket=bucket, Key=key, Body=b"x")
        r = signed("GET", "{}/{}?list-type=2".format(self.server.endpoint, bucket),
                   self.server.access_key, self.server.secret_key, self.server.region)
        self.assertEqual(r.status_code, 200, r.content[:300])
        root = ET.fromstring(r.content)
        ns = root.tag.split("}")[0] + "}" if root.tag.startswith("{") else ""
        self.assertEqual([e.text for e in root.iter(ns + "Key")],
                         ["a&b<c>.txt", "with space", "ñandú/日本語.txt"])

    def test_aws_cli_round_trip(self):
        bucket = self.new_bucket()
        cli_keys = [k for k in KEYS if not k.endswith("/")]
        for i, key in enumerate(cli_keys):
            src = self.path("cli", "src{}".format(i))
            with open(src, "wb") as f:
                f.write(key.encode("utf-8"))
            self.aws("s3", "cp", "--no-progress", src, "s3://{}/{}".format(bucket, key))
        stored = list(cli_keys)
        src = self.path("cli", "dbl")
        with open(src, "wb") as f:
            f.write(b"double")
        for key in DOUBLE_SLASH_KEYS:
            cp = self.aws("s3api", "put-object", "--bucket", bucket, "--key", key, "--body", src,
                          check=False)
            if cp.returncode == 0:
                stored.append(key)
            else:
                self.assertIn(b"InvalidArgument", cp.stderr,
                              "a // key is either stored or refused with InvalidArgument")
        out = self.aws("s3", "ls", "--recursive", "s3://{}/".format(bucket)).stdout.decode("utf-8")
        listed = sorted(line.split(None, 3)[3] for line in out.splitlines() if line.strip())
        self.assertEqual(listed, sorted(stored))
        for i, key in enumerate(cli_keys):
            dst = self.path("cli", "dst{}".format(i))
            self.aws("s3", "cp", "--no-progress", "s3://{}/{}".format(bucket, key), dst)
            with open(dst, "rb") as f:
                self.assertEqual(f.read(), key.encode("utf-8"), "content of {!r}".format(key))
        for key in stored[len(cli_keys):]:
            dst = self.path("cli", "dbl-back")
            self.s3api("get-object", "--bucket", bucket, "--key", key, dst)
            with open(dst, "rb") as f:
                self.assertEqual(f.read(), b"double")
        self.aws("s3", "rm", "s3://{}/{}".format(bucket, "with space.txt"))
        self.aws("s3", "rm", "s3://{}/{}".format(bucket, "ñandú/日本語.txt"))
        out = self.aws("s3", "ls", "--recursive", "s3://{}/".format(bucket)).stdout.decode("utf-8")
        self.assertNotIn("with space.txt", out)
        self.assertNotIn("日本語", out)
        self.assertIn("tilde~x", out)


if __name__ == "__main__":
    harness.main()
