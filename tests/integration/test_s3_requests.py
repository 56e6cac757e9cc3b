"""S3 request behaviours real clients depend on, through the real binary (S3 API reference):
ListObjectsV2 with an empty continuation-token, the listing echo and encoding-type=url,
CreateBucket of a bucket one already owns (us-east-1 legacy 200, 409 elsewhere), PUT without
Content-Length (411), and 501 NotImplemented naming what was asked for."""

import os
import socket
import sys
import urllib.parse
import xml.etree.ElementTree as ET

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


def signed_get(server, path, query):
    """A SigV4-signed GET built by botocore from an already percent-encoded query."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    req = AWSRequest(method="GET", url=server.endpoint + path + ("?" + query if query else ""))
    S3SigV4Auth(Credentials(server.access_key, server.secret_key), "s3", server.region).add_auth(req)
    return requests.get(req.url, headers=dict(req.headers), timeout=30)


class ListingTest(harness.IntegrationTestCase):

    def test_empty_continuation_token_lists_from_start_and_is_echoed(self):
        bucket = self.new_bucket()
        for k in ("a", "b", "c"):
            self.s3.put_object(Bucket=bucket, Key=k, Body=b"x")
        r = self.s3.list_objects_v2(Bucket=bucket, ContinuationToken="")
        self.assertEqual([o["Key"] for o in r["Contents"]], ["a", "b", "c"])
        raw = signed_get(self.server, "/" + bucket, "list-type=2&continuation-token=")
        self.assertEqual(raw.status_code, 200, raw.content[:300])
        root = ET.fromstring(raw.content)
        token = root.find(NS + "ContinuationToken")
        self.assertIsNotNone(token, "the empty token must be echoed: {!r}".format(raw.content[:400]))
        self.assertFalse(token.text)

    def test_echo_encoded_only_with_encoding_type_url(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="x&y é/1", Body=b"x")
        plain = ET.fromstring(signed_get(self.server, "/" + bucket,
                                         "prefix=x%26y%20%C3%A9&delimiter=%2F&marker=x%26y%20").content)
        self.assertEqual(plain.find(NS + "Prefix").text, "x&y é")
        self.assertEqual(plain.find(NS + "Marker").text, "x&y ")
        self.assertEqual(plain.find(NS + "Delimiter").text, "/")
        self.assertIsNone(plain.find(NS + "EncodingType"))
        enc = ET.fromstring(signed_get(self.server, "/" + bucket,
                                       "prefix=x%26y%20%C3%A9&delimiter=%2F&marker=x%26y%20"
                                       "&encoding-type=url").content)
        self.assertEqual(enc.find(NS + "EncodingType").text, "url")
        self.assertEqual(urllib.parse.unquote(enc.find(NS + "Prefix").text), "x&y é")
        self.assertNotEqual(enc.find(NS + "Prefix").text, "x&y é")
        self.assertEqual(urllib.parse.unquote(enc.find(NS + "Marker").text), "x&y ")
        v2 = ET.fromstring(signed_get(self.server, "/" + bucket,
                                      "list-type=2&start-after=x%26y%20&encoding-type=url").content)
        self.assertEqual(urllib.parse.unquote(v2.find(NS + "StartAfter").text), "x&y ")
        self.assertNotEqual(v2.find(NS + "StartAfter").text, "x&y ")


class BucketUsEast1Test(harness.IntegrationTestCase):

    def test_create_owned_bucket_again_is_200_and_keeps_objects(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="kept", Body=b"v")
        r = self.s3.create_bucket(Bucket=bucket)
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="kept")["Body"].read(), b"v")

    @harness.gateway_only("the message names the sub-resource")
    def test_not_implemented_names_the_operation(self):
        bucket = self.new_bucket()
        r = signed_get(self.server, "/" + bucket, "versioning")
        self.assert_s3_error(r, 501, "NotImplemented")
        self.assertIn(b"?versioning", r.content)

    def test_put_without_content_length_is_411(self):
        bucket = self.new_bucket()
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        req = AWSRequest(method="PUT", url="{}/{}/nolength".format(self.server.endpoint, bucket))
        req.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD"
        S3SigV4Auth(Credentials(self.server.access_key, self.server.secret_key), "s3",
                    self.server.region).add_auth(req)
        host, port = self.server.hostport.rsplit(":", 1)
        # botocore signs the Host it derives from the URL without adding the header itself.
        lines = ["PUT /{}/nolength HTTP/1.1".format(bucket), "Host: " + self.server.hostport]
        for name, value in req.headers.items():
            if name.lower() != "content-length":
                lines.append("{}: {}".format(name, value))
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            data = b""
            while b"</Error>" not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        self.assertTrue(data.startswith(b"HTTP/1.1 411 "), data[:300])
        self.assertIn(b"<Code>MissingContentLength</Code>", data)
        self.assert_client_error(lambda: self.s3.head_object(Bucket=bucket, Key="nolength"), "404", 404)


@harness.gateway_only("the gateway's region is set on its command line")
class BucketOtherRegionTest(harness.IntegrationTestCase):
    server_region = "eu-west-1"

    def test_create_owned_bucket_again_is_409(self):
        bucket = harness.unique_bucket("owned")
        self.s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assert_client_error(
            lambda: self.s3.create_bucket(Bucket=bucket,
                                          CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}),
            "BucketAlreadyOwnedByYou", 409)


if __name__ == "__main__":
    harness.main()
