"""Authentication failures as clients see them: boto3's parsed error and the raw response, which
must be S3 error XML with Code, Message and RequestId ("Error responses", S3 API reference)."""

import datetime
import os
import sys
import unittest.mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def signed(method, url, access_key, secret_key, region, body=b"", when=None):
    """A requests.Response for a SigV4 header-signed request (botocore's signer, our keys)."""
    import requests
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    req = AWSRequest(method=method, url=url, data=body)
    auth = S3SigV4Auth(Credentials(access_key, secret_key), "s3", region)
    if when is None:
        auth.add_auth(req)
    else:
        with unittest.mock.patch("botocore.auth.get_current_datetime", return_value=when):
            auth.add_auth(req)
    return requests.request(method, url, headers=dict(req.headers.items()), data=body, timeout=30)


class AuthErrorTest(harness.IntegrationTestCase):
    server_auth = True  # moto verifies header signatures only in its IAM mode

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bucket = harness.unique_bucket("auth")
        cls.s3.create_bucket(Bucket=cls.bucket)
        cls.s3.put_object(Bucket=cls.bucket, Key="secret.txt", Body=b"top secret")
        cls.url = "{}/{}/secret.txt".format(cls.server.endpoint, cls.bucket)

    def raw(self, method="GET", url=None, access_key=None, secret_key=None, when=None):
        return signed(method, url or self.url, access_key or self.server.access_key,
                      secret_key or self.server.secret_key, self.server.region, when=when)

    def test_valid_signature_reads(self):
        r = self.raw()
        self.assertEqual((r.status_code, r.content), (200, b"top secret"))

    def test_wrong_secret(self):
        bad = self.server.boto3_client(secret_key="not-the-secret-key-at-all-0123456789")
        self.assert_client_error(lambda: bad.get_object(Bucket=self.bucket, Key="secret.txt"),
                                 "SignatureDoesNotMatch", 403)
        self.assert_client_error(lambda: bad.put_object(Bucket=self.bucket, Key="x", Body=b"x"),
                                 "SignatureDoesNotMatch", 403)
        self.assert_s3_error(self.raw(secret_key="wrong"), 403, "SignatureDoesNotMatch")
        self.assert_client_error(lambda: self.s3.head_object(Bucket=self.bucket, Key="x"), "404")

    def test_unknown_access_key(self):
        bad = self.server.boto3_client(access_key="AKIAUNKNOWNUNKNOWN00")
        self.assert_client_error(lambda: bad.list_buckets(), "InvalidAccessKeyId", 403)
        self.assert_s3_error(self.raw(access_key="AKIAUNKNOWNUNKNOWN00"), 403,
                             "InvalidAccessKeyId")

    @harness.gateway_only("moto_server answers anonymous requests with an empty 403")
    def test_anonymous(self):
        import requests
        self.assert_s3_error(requests.get(self.url, timeout=30), 403, "AccessDenied")
        self.assert_s3_error(requests.get(self.server.endpoint + "/", timeout=30), 403,
                             "AccessDenied")
        self.assert_s3_error(requests.put(self.url, data=b"overwrite", timeout=30), 403,
                             "AccessDenied")
        r = requests.head(self.url, timeout=30)
        self.assertEqual(r.status_code, 403)
        self.assertEqual(r.content, b"", "HEAD responses carry no body (RFC 9110 section 9.3.2)")
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="secret.txt")["Body"].read(),
                         b"top secret", "an anonymous PUT must not change the object")

    @harness.gateway_only("moto_server does not check the request time")
    def test_clock_skew(self):
        # More than 15 minutes between X-Amz-Date and the server clock is RequestTimeTooSkewed.
        old = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
        self.assert_s3_error(self.raw(when=old), 403, "RequestTimeTooSkewed")
        near = datetime.datetime.utcnow() - datetime.timedelta(minutes=5)
        self.assertEqual(self.raw(when=near).status_code, 200, "5 minutes of skew is allowed")

    def test_error_bodies_of_ordinary_errors(self):
        missing = "{}/{}/no-such-key".format(self.server.endpoint, self.bucket)
        r = self.raw(url=missing)
        self.assert_s3_error(r, 404, "NoSuchKey")
        if harness.IS_GATEWAY:  # S3 repeats the RequestId in x-amz-request-id
            _, _, request_id = harness.parse_error_xml(r.content)
            self.assertEqual(r.headers.get("x-amz-request-id"), request_id)
        self.assertEqual(r.headers.get("Content-Type", "").split(";")[0],
                         "application/xml")
        self.assert_s3_error(self.raw(url="{}/{}/k".format(
            self.server.endpoint, harness.unique_bucket("nobucket"))), 404, "NoSuchBucket")


if __name__ == "__main__":
    harness.main()
