"""Presigned URLs (SigV4 query authentication) made by `aws s3 presign`, botocore and
`s3cascade presign`, fetched with curl: GET and PUT work; expired and tampered URLs are refused
with 403 AccessDenied and 403 SignatureDoesNotMatch ("Authenticating Requests: Using Query
Parameters", Amazon S3 API reference)."""

import datetime
import os
import re
import sys
import unittest.mock
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import sha256_file, write_random_file  # noqa: E402


class PresignTest(harness.IntegrationTestCase):

    def curl(self, url, *args, body_path=None):
        """(status, body bytes) of a curl request; curl sends Expect: 100-continue on -T."""
        out = self.path("curl", "body-{}".format(len(os.listdir(os.path.dirname(
            self.path("curl", "x"))))))
        argv = ["curl", "-sS", "-o", out, "-w", "%{http_code}", "--max-time", "60"]
        if body_path:
            argv += ["-T", body_path]
        argv += list(args) + [url]
        cp = harness.run(argv, env=self.env, timeout=90)
        with open(out, "rb") as f:
            return int(cp.stdout.decode().strip()), f.read()

    def gateway_presign(self, method, bucket, key, expires="300"):
        cp = harness.run([self.server.binary, "presign", "--method", method, "--bucket", bucket,
                          "--key", key, "--expires", str(expires), "--endpoint",
                          self.server.endpoint, "--access", self.server.access_key,
                          "--secret", self.server.secret_key], env=self.env, timeout=30)
        urls = [l for l in cp.stdout.decode().splitlines() if l.startswith("http")]
        self.assertEqual(len(urls), 1, "s3cascade presign printed: {!r}".format(cp.stdout))
        self.assertIn("X-Amz-Signature=", urls[0])
        self.assertIn("X-Amz-Expires={}".format(expires), urls[0])
        return urls[0]

    def assert_refused(self, status, body, code):
        self.assertEqual(status, 403, "expected 403 {}, got {} {!r}".format(code, status, body))
        got, message, request_id = harness.parse_error_xml(body)
        self.assertEqual(got, code, body)
        self.assertTrue(message and request_id, body)

    def test_aws_cli_presign_get(self):
        bucket = self.new_bucket()
        src = write_random_file(self.path("cli", "obj"), 70000)
        self.s3.upload_file(src, bucket, "dir/obj name.bin")
        url = self.aws("s3", "presign", "s3://{}/dir/obj name.bin".format(bucket),
                       "--expires-in", "300").stdout.decode().strip()
        self.assertIn("X-Amz-Algorithm=AWS4-HMAC-SHA256", url, "aws s3 presign must be SigV4")
        status, body = self.curl(url)
        self.assertEqual(status, 200, body[:300])
        with open(src, "rb") as f:
            self.assertEqual(body, f.read())

    def test_botocore_presign_put_with_curl(self):
        bucket = self.new_bucket()
        src = write_random_file(self.path("put", "obj"), 2 * 1024 * 1024 + 5)
        url = self.s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "up"},
                                             ExpiresIn=300)
        status, body = self.curl(url, "-H", "Expect: 100-continue", body_path=src)
        self.assertEqual(status, 200, body[:300])
        dst = self.path("put", "back")
        self.s3.download_file(bucket, "up", dst)
        self.assertEqual(sha256_file(dst), sha256_file(src))

    @harness.gateway_only("`s3cascade presign` is the gateway's own command")
    def test_gateway_presign_get_put_head_delete(self):
        bucket = self.new_bucket()
        src = write_random_file(self.path("gw", "obj"), 12345)
        key = "ñandú/日本語 +~%.txt"
        status, body = self.curl(self.gateway_presign("PUT", bucket, key), body_path=src)
        self.assertEqual(status, 200, body[:300])
        status, body = self.curl(self.gateway_presign("GET", bucket, key))
        self.assertEqual(status, 200, body[:300])
        with open(src, "rb") as f:
            self.assertEqual(body, f.read())
        cp = harness.run(["curl", "-sS", "-I", "--max-time", "30",
                          self.gateway_presign("HEAD", bucket, key)], env=self.env)
        self.assertRegex(cp.stdout.decode(), r"(?i)HTTP/1\.1 200.*\r\n(.*\r\n)*content-length: 12345")
        status, _ = self.curl(self.gateway_presign("DELETE", bucket, key), "-X", "DELETE")
        self.assertEqual(status, 204)
        self.assert_client_error(lambda: self.s3.head_object(Bucket=bucket, Key=key), "404")

    @harness.gateway_only("moto_server does not verify presigned URLs")
    def test_expired_gateway_presign(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="soon", Body=b"expiring")
        url = self.gateway_presign("GET", bucket, "soon", expires=1)
        # X-Amz-Date has one-second resolution: within at most ~2 s the URL must stop working.
        statuses = []

        def expired():
            status, body = self.curl(url)
            statuses.append(status)
            return (status, body) if status == 403 else None

        status, body = harness.Deadline(15).poll(expired, "a 1-second presign to expire", 0.25)
        self.assert_refused(status, body, "AccessDenied")
        self.assertTrue(set(statuses) <= {200, 403}, statuses)

    @harness.gateway_only("moto_server does not verify presigned URLs")
    def test_presign_signed_an_hour_ago(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="old", Body=b"old")
        an_hour_ago = datetime.datetime.utcnow() - datetime.timedelta(hours=1)
        with unittest.mock.patch("botocore.auth.get_current_datetime", return_value=an_hour_ago):
            url = self.s3.generate_presigned_url(
                "get_object", Params={"Bucket": bucket, "Key": "old"}, ExpiresIn=600)
        status, body = self.curl(url)
        self.assert_refused(status, body, "AccessDenied")
        # Still valid: signed an hour ago for two hours.
        with unittest.mock.patch("botocore.auth.get_current_datetime", return_value=an_hour_ago):
            url = self.s3.generate_presigned_url(
                "get_object", Params={"Bucket": bucket, "Key": "old"}, ExpiresIn=7200)
        status, body = self.curl(url)
        self.assertEqual((status, body), (200, b"old"))

    @harness.gateway_only("moto_server does not verify presigned URLs")
    def test_tampered_urls(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="a", Body=b"a")
        self.s3.put_object(Bucket=bucket, Key="b", Body=b"b")
        for url in (self.gateway_presign("GET", bucket, "a"),
                    self.aws("s3", "presign", "s3://{}/a".format(bucket)).stdout.decode().strip()):
            status, body = self.curl(url)
            self.assertEqual((status, body), (200, b"a"))
            # Another key with the same signature.
            other = url.replace("/{}/a?".format(bucket), "/{}/b?".format(bucket))
            self.assertNotEqual(other, url)
            self.assert_refused(*self.curl(other), "SignatureDoesNotMatch")
            # One hex digit of the signature changed.
            sig = re.search(r"X-Amz-Signature=([0-9a-f]{64})", url).group(1)
            flipped = sig[:-1] + ("0" if sig[-1] != "0" else "1")
            self.assert_refused(*self.curl(url.replace(sig, flipped)), "SignatureDoesNotMatch")
            # A longer validity than was signed.
            parts = urllib.parse.urlsplit(url)
            query = parts.query.replace("X-Amz-Expires=", "X-Amz-Expires=9")
            longer = urllib.parse.urlunsplit(parts._replace(query=query))
            self.assert_refused(*self.curl(longer), "SignatureDoesNotMatch")


if __name__ == "__main__":
    harness.main()
