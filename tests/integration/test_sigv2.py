"""AWS Signature Version 2 through the real binary: boto3 signing with HmacV1 ("s3"), a SigV2
presigned URL (what boto3's generate_presigned_url makes without signature_version), s3cmd with
signature_v2 = True; tampered and expired URLs are refused; with --no-sigv2 the gateway answers
400 InvalidRequest "Please use AWS4-HMAC-SHA256", as AWS does in SigV4-only regions."""

import hashlib
import os
import sys
import time
import urllib.parse

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def v2_client(server):
    return server.boto3_client(signature_version="s3")


class SigV2Test(harness.IntegrationTestCase):

    def test_boto3_hmacv1_put_get_list_multipart(self):
        s3v2 = v2_client(self.server)
        bucket = harness.unique_bucket("sigv2")
        s3v2.create_bucket(Bucket=bucket)
        body = os.urandom(70000)
        s3v2.put_object(Bucket=bucket, Key="dir/a key+plus.bin", Body=body, ContentType="application/x-test",
                        Metadata={"who": "sigv2"})
        got = s3v2.get_object(Bucket=bucket, Key="dir/a key+plus.bin")
        self.assertEqual(got["Body"].read(), body)
        self.assertEqual(got["Metadata"], {"who": "sigv2"})
        # A sub-resource in the canonical resource (uploadId, partNumber) and a listing query.
        mpu = s3v2.create_multipart_upload(Bucket=bucket, Key="mp")
        part = s3v2.upload_part(Bucket=bucket, Key="mp", UploadId=mpu["UploadId"], PartNumber=1, Body=b"x" * 1000)
        s3v2.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=mpu["UploadId"],
                                       MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
        keys = [o["Key"] for o in s3v2.list_objects(Bucket=bucket, Prefix="dir/")["Contents"]]
        self.assertEqual(keys, ["dir/a key+plus.bin"])
        # The same client with a wrong secret is refused.
        bad = self.server.boto3_client(secret_key="not-the-secret-key-0000000000000000000000",
                                       signature_version="s3")
        self.assert_client_error(lambda: bad.head_bucket(Bucket=bucket), "403", 403)

    def test_presigned_v2_url_get_and_refusals(self):
        bucket = self.new_bucket()
        body = os.urandom(5000)
        self.s3.put_object(Bucket=bucket, Key="shared file.txt", Body=body)
        s3v2 = v2_client(self.server)
        url = s3v2.generate_presigned_url(
            "get_object", ExpiresIn=300,
            Params={"Bucket": bucket, "Key": "shared file.txt",
                    "ResponseContentDisposition": 'attachment; filename="x+y.txt"'})
        self.assertIn("AWSAccessKeyId=", url)
        self.assertNotIn("X-Amz-Algorithm", url)
        r = requests.get(url, timeout=30)
        self.assertEqual(r.status_code, 200, r.content[:300])
        self.assertEqual(r.content, body)
        self.assertEqual(r.headers.get("Content-Disposition"), 'attachment; filename="x+y.txt"')

        # Another key with the same signature, or another response-* value: refused.
        other = url.replace("shared%20file.txt", "other.txt")
        self.assert_s3_error(requests.get(other, timeout=30), 403, "SignatureDoesNotMatch")
        changed = url.replace("x%2By.txt", "evil.txt")
        self.assertNotEqual(changed, url)
        self.assert_s3_error(requests.get(changed, timeout=30), 403, "SignatureDoesNotMatch")

        # Expired: Expires lies in the past (signed as such, so only the expiry can refuse it).
        past = s3v2.generate_presigned_url("get_object", ExpiresIn=-10,
                                           Params={"Bucket": bucket, "Key": "shared file.txt"})
        r = requests.get(past, timeout=30)
        self.assert_s3_error(r, 403, "AccessDenied")
        self.assertIn(b"expired", r.content)

    def test_presigned_v2_put(self):
        bucket = self.new_bucket()
        s3v2 = v2_client(self.server)
        url = s3v2.generate_presigned_url("put_object", ExpiresIn=300, Params={"Bucket": bucket, "Key": "up.bin"})
        body = os.urandom(20000)
        r = requests.put(url, data=body, timeout=30)
        self.assertEqual(r.status_code, 200, r.content[:300])
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="up.bin")["Body"].read(), body)
        self.assertEqual(r.headers["ETag"], '"{}"'.format(hashlib.md5(body).hexdigest()))

    def test_s3cmd_signature_v2(self):
        bucket = self.new_bucket()
        cfg = self.server.s3cmd_config()
        with open(cfg) as f:
            text = f.read().replace("signature_v2 = False", "signature_v2 = True")
        with open(cfg, "w") as f:
            f.write(text)
        src = harness.write_random_file(self.path("s3cmd", "src.bin"), 300000)
        dst = self.path("s3cmd", "dst.bin")
        s3cmd = ["s3cmd", "-c", cfg, "--no-check-md5"]
        harness.run(s3cmd + ["put", src, "s3://{}/v2/src.bin".format(bucket)], env=self.env, timeout=120)
        listing = harness.run(s3cmd + ["ls", "s3://{}/v2/".format(bucket)], env=self.env, timeout=60)
        self.assertIn(b"src.bin", listing.stdout)
        harness.run(s3cmd + ["get", "s3://{}/v2/src.bin".format(bucket), dst], env=self.env, timeout=120)
        self.assertEqual(harness.sha256_file(src), harness.sha256_file(dst))


@harness.gateway_only("--no-sigv2 is an s3cascade option")
class SigV2RefusedTest(harness.IntegrationTestCase):
    server_kwargs = {"extra_args": ["--no-sigv2"]}

    def test_refused_with_invalid_request(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="k", Body=b"v")
        s3v2 = v2_client(self.server)
        response = self.assert_client_error(lambda: s3v2.get_object(Bucket=bucket, Key="k"), "InvalidRequest", 400)
        self.assertIn("AWS4-HMAC-SHA256", response["Error"]["Message"])
        url = s3v2.generate_presigned_url("get_object", ExpiresIn=300, Params={"Bucket": bucket, "Key": "k"})
        r = requests.get(url, timeout=30)
        self.assert_s3_error(r, 400, "InvalidRequest")
        # SigV4 still works.
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="k")["Body"].read(), b"v")


if __name__ == "__main__":
    harness.main()
