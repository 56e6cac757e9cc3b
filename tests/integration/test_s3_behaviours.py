"""S3 behaviours where the gateway must answer as AWS does (S3 API reference), through the real
binary: 304 answers that carry the validators (RFC 9110 15.4.5), Range on an empty object, keys
that are not UTF-8, Content-Encoding beside aws-chunked, byte-exact header values, conditional
writes (If-None-Match / If-Match on PutObject and CompleteMultipartUpload), a retried
CompleteMultipartUpload, re-uploaded parts and GetObject by partNumber.

Requests whose exact bytes matter go over raw sockets, signed by the small SigV4 signer of
test_hostile_s3.py, so nothing between the test and the gateway re-encodes them."""

import base64
import hashlib
import os
import sys
import threading
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_hostile_s3 as hostile  # noqa: E402

MIB = 1024 * 1024


class RawClient:
    """Signed requests sent byte for byte; answers as (status, {lower name: [raw values]}, body)."""

    def __init__(self, server):
        self.hostport = server.endpoint.split("://", 1)[1]
        self.signer = hostile.Signer(server.access_key, server.secret_key, server.region)

    def send(self, method, path, raw_query="", headers=(), body=b"", payload_hash=None):
        # Byte values travel as latin-1 text: one character per byte, both when signed (the
        # signer hashes the canonical request as latin-1) and when sent.
        headers = [("Host", self.hostport)] + [
            (n, v.decode("latin-1") if isinstance(v, bytes) else v) for n, v in headers]
        if body or method in ("PUT", "POST"):
            headers.append(("Content-Length", str(len(body))))
        signed = self.signer.sign_headers(method, path, raw_query, headers,
                                          payload_hash or hashlib.sha256(body).hexdigest())
        target = path + ("?" + raw_query if raw_query else "")
        head = "{} {} HTTP/1.1\r\n".format(method, target).encode("latin-1")
        head += b"\r\n".join("{}: {}".format(n, v).encode("latin-1") for n, v in signed)
        status, lines, rest = hostile.raw_exchange(self.hostport, head, body)
        fields = {}
        for line in lines:
            name, _, value = line.partition(b":")
            fields.setdefault(name.strip().lower().decode("latin-1"), []).append(value.strip())
        return status, fields, rest


def one(fields, name):
    values = fields.get(name.lower(), [])
    return values[0] if len(values) == 1 else (values or None)


class BehaviourCase(harness.IntegrationTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.raw = RawClient(cls.server)

    def assert_raw_error(self, answer, status, code):
        got, fields, body = answer
        self.assertEqual(got, status, "head {!r} body {!r}".format(fields, body[:400]))
        if status == 304 or not body:
            return
        got_code, message, request_id = harness.parse_error_xml(body)
        self.assertEqual(got_code, code, body[:400])
        self.assertTrue(message and request_id, body[:400])


class NotModifiedTest(BehaviourCase):
    """RFC 9110 15.4.5: a 304 carries the ETag (and S3 the Last-Modified) a 200 would have."""

    def test_304_carries_etag_and_last_modified(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="k", Body=b"hello", CacheControl="max-age=60")
        head = self.s3.head_object(Bucket=bucket, Key="k")
        etag = head["ETag"]
        last_modified = head["ResponseMetadata"]["HTTPHeaders"]["last-modified"]
        path = "/{}/k".format(bucket)
        cases = {
            "GET If-None-Match": ("GET", [("If-None-Match", etag)]),
            "HEAD If-None-Match": ("HEAD", [("If-None-Match", etag)]),
            "GET If-None-Match *": ("GET", [("If-None-Match", "*")]),
            "GET If-Modified-Since": ("GET", [("If-Modified-Since", last_modified)]),
            "HEAD If-Modified-Since": ("HEAD", [("If-Modified-Since", last_modified)]),
        }
        for name, (method, headers) in cases.items():
            with self.subTest(name):
                status, fields, body = self.raw.send(method, path, headers=headers)
                self.assertEqual(status, 304, fields)
                self.assertEqual(body, b"")
                self.assertEqual(one(fields, "etag"), etag.encode())
                self.assertEqual(one(fields, "last-modified"), last_modified.encode())
                self.assertEqual(one(fields, "cache-control"), b"max-age=60")

    def test_modified_still_200(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="k", Body=b"hello")
        status, fields, body = self.raw.send("GET", "/{}/k".format(bucket),
                                             headers=[("If-None-Match", '"other"')])
        self.assertEqual((status, body), (200, b"hello"))


class EmptyRangeTest(BehaviourCase):
    """S3 answers 416 InvalidRange for any range on an empty object (RFC 9110 14.1.1: no byte of
    an empty representation can satisfy a range)."""

    def test_range_on_empty_object_is_416(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="empty", Body=b"")
        for spec in ("bytes=0-", "bytes=0-0", "bytes=-5", "bytes=3-9"):
            with self.subTest(spec):
                self.assert_client_error(
                    lambda: self.s3.get_object(Bucket=bucket, Key="empty", Range=spec),
                    "InvalidRange", 416)
                status, _, _ = self.raw.send("HEAD", "/{}/empty".format(bucket),
                                             headers=[("Range", spec)])
                self.assertEqual(status, 416)
        # Without a Range the empty object is still served.
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="empty")["Body"].read(), b"")

    def test_range_on_non_empty_object_still_206(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="k", Body=b"0123456789")
        r = self.s3.get_object(Bucket=bucket, Key="k", Range="bytes=2-4")
        self.assertEqual(r["Body"].read(), b"234")
        self.assertEqual(r["ContentRange"], "bytes 2-4/10")


class InvalidUtf8KeyTest(BehaviourCase):
    """A key is UTF-8 (S3 "Creating object key names"); bytes that do not decode are refused with
    400 InvalidArgument before anything is stored, for escaped and for raw bytes."""

    def test_invalid_utf8_key_is_400(self):
        bucket = self.new_bucket()
        targets = ["%FF", "a%C3", "%C3%28", "%ED%A0%80", "%C0%AF", "ok%F8%88%80%80%80"]
        for target in targets:
            with self.subTest(target):
                path = "/{}/{}".format(bucket, target)
                self.assert_raw_error(self.raw.send("PUT", path, body=b"x"), 400,
                                      "InvalidArgument")
                self.assert_raw_error(self.raw.send("GET", path), 400, "InvalidArgument")
        self.assertNotIn("Contents", self.s3.list_objects_v2(Bucket=bucket))

    def test_valid_utf8_key_is_stored(self):
        bucket = self.new_bucket()
        status, _, _ = self.raw.send("PUT", "/{}/caf%C3%A9".format(bucket), body=b"x")
        self.assertEqual(status, 200)
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="café")["Body"].read(), b"x")


class ContentEncodingTest(BehaviourCase):
    """aws-chunked is framing ("Using aws-chunked", S3 API reference): S3 stores the rest of the
    Content-Encoding list exactly as sent, and nothing for aws-chunked alone."""

    def put_chunked(self, key, encoding, data=b"abc"):
        body = "{:x}\r\n".format(len(data)).encode() + data + b"\r\n0\r\n"
        crc = base64.b64encode(zlib.crc32(data).to_bytes(4, "big"))
        body += b"x-amz-checksum-crc32:" + crc + b"\r\n\r\n"
        headers = [("Content-Encoding", encoding), ("x-amz-decoded-content-length", str(len(data))),
                   ("x-amz-trailer", "x-amz-checksum-crc32")]
        return self.raw.send("PUT", "/{}/{}".format(self.bucket, key), headers=headers, body=body,
                             payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")

    def test_rest_of_list_kept_as_sent(self):
        self.bucket = self.new_bucket()
        cases = {
            "aws-chunked, gzip": b"gzip",
            "aws-chunked,gzip": b"gzip",
            "aws-chunked, deflate, gzip": b"deflate, gzip",
            "deflate, aws-chunked, gzip": b"deflate, gzip",
            "gzip, aws-chunked": b"gzip",
            "aws-chunked": None,
        }
        for i, (sent, stored) in enumerate(cases.items()):
            with self.subTest(sent):
                status, _, body = self.put_chunked("k{}".format(i), sent)
                self.assertEqual(status, 200, body[:300])
                status, fields, body = self.raw.send("GET", "/{}/k{}".format(self.bucket, i))
                self.assertEqual((status, body), (200, b"abc"))
                self.assertEqual(one(fields, "content-encoding"), stored)

    def test_plain_put_keeps_list(self):
        self.bucket = self.new_bucket()
        status, _, _ = self.raw.send("PUT", "/{}/p".format(self.bucket), body=b"x",
                                     headers=[("Content-Encoding", "deflate, gzip")])
        self.assertEqual(status, 200)
        _, fields, _ = self.raw.send("HEAD", "/{}/p".format(self.bucket))
        self.assertEqual(one(fields, "content-encoding"), b"deflate, gzip")


class RawHeaderBytesTest(BehaviourCase):
    """Header values are octets (RFC 9110 5.5): x-amz-meta-* and the other stored headers come
    back byte for byte, including bytes >= 0x80 that are not UTF-8."""

    def test_latin1_bytes_round_trip(self):
        bucket = self.new_bucket()
        sent = [("x-amz-meta-name", b"caf\xe9"), ("x-amz-meta-utf8", "café".encode()),
                ("Content-Disposition", b"attachment; filename=\"r\xe9sum\xe9.txt\""),
                ("Content-Language", b"fr-\xe9"), ("Cache-Control", b"x=\xff")]
        status, _, body = self.raw.send("PUT", "/{}/k".format(bucket), body=b"v", headers=sent)
        self.assertEqual(status, 200, body[:300])
        for method in ("HEAD", "GET"):
            with self.subTest(method):
                _, fields, _ = self.raw.send(method, "/{}/k".format(bucket))
                for name, value in sent:
                    self.assertEqual(one(fields, name), value, name)

    def test_multipart_metadata_round_trips(self):
        bucket = self.new_bucket()
        status, _, body = self.raw.send("POST", "/{}/m".format(bucket), raw_query="uploads=",
                                        headers=[("x-amz-meta-name", b"caf\xe9")])
        self.assertEqual(status, 200, body[:300])
        upload_id = body.split(b"<UploadId>")[1].split(b"</UploadId>")[0].decode()
        part = self.s3.upload_part(Bucket=bucket, Key="m", UploadId=upload_id, PartNumber=1,
                                   Body=b"data")
        self.s3.complete_multipart_upload(
            Bucket=bucket, Key="m", UploadId=upload_id,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
        _, fields, _ = self.raw.send("HEAD", "/{}/m".format(bucket))
        self.assertEqual(one(fields, "x-amz-meta-name"), b"caf\xe9")


if __name__ == "__main__":
    harness.main()
