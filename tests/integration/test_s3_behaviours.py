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


def complete_raw(client, bucket, key, upload_id, parts, headers=()):
    """CompleteMultipartUpload with extra headers: (status, fields, body)."""
    xml = "<CompleteMultipartUpload>" + "".join(
        "<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>".format(n, e)
        for n, e in parts) + "</CompleteMultipartUpload>"
    return client.send("POST", "/{}/{}".format(bucket, key),
                       raw_query="uploadId=" + hostile.uri_encode(upload_id),
                       headers=list(headers), body=xml.encode())


class ConditionalWriteChecks:
    """S3 conditional writes ("How to prevent object overwrites with conditional writes"):
    If-None-Match: * creates only (412 PreconditionFailed when the key exists), If-Match: ETAG
    replaces only that version (412 when it differs, 404 NoSuchKey when there is no object), on
    PutObject and on CompleteMultipartUpload. Mixed into a posix and an s3-multi test class;
    `self.s3` and `self.raw` talk to the gateway under test, `self.new_bucket()` makes a bucket."""

    def put(self, bucket, key, body, headers=()):
        return self.raw.send("PUT", "/{}/{}".format(bucket, key), headers=list(headers), body=body)

    def content(self, bucket, key):
        return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()

    def test_put_if_none_match(self):
        bucket = self.new_bucket()
        status, fields, _ = self.put(bucket, "k", b"first", [("If-None-Match", "*")])
        self.assertEqual(status, 200)
        self.assert_raw_error(self.put(bucket, "k", b"second", [("If-None-Match", "*")]), 412,
                              "PreconditionFailed")
        self.assertEqual(self.content(bucket, "k"), b"first")
        # Only "*" is defined for writes; S3 answers anything else 501.
        self.assert_raw_error(self.put(bucket, "k", b"x", [("If-None-Match", '"abc"')]), 501,
                              "NotImplemented")
        self.assertEqual(self.content(bucket, "k"), b"first")

    def test_put_if_match(self):
        bucket = self.new_bucket()
        self.assert_raw_error(self.put(bucket, "k", b"x", [("If-Match", '"0123"')]), 404,
                              "NoSuchKey")
        self.assertNotIn("Contents", self.s3.list_objects_v2(Bucket=bucket))
        etag = self.s3.put_object(Bucket=bucket, Key="k", Body=b"v1")["ETag"]
        self.assert_raw_error(self.put(bucket, "k", b"v2", [("If-Match", '"0123"')]), 412,
                              "PreconditionFailed")
        self.assertEqual(self.content(bucket, "k"), b"v1")
        status, fields, _ = self.put(bucket, "k", b"v2", [("If-Match", etag)])
        self.assertEqual(status, 200)
        self.assertEqual(self.content(bucket, "k"), b"v2")
        # The old ETag no longer names the object.
        self.assert_raw_error(self.put(bucket, "k", b"v3", [("If-Match", etag)]), 412,
                              "PreconditionFailed")
        self.assertEqual(self.content(bucket, "k"), b"v2")

    def upload(self, bucket, key, data=b"part data"):
        upload_id = self.s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
        etag = self.s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=1,
                                   Body=data)["ETag"]
        return upload_id, [(1, etag)]

    def test_complete_if_none_match(self):
        bucket = self.new_bucket()
        upload_id, parts = self.upload(bucket, "m")
        status, _, body = complete_raw(self.raw, bucket, "m", upload_id, parts,
                                       [("If-None-Match", "*")])
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(self.content(bucket, "m"), b"part data")
        upload_id, parts = self.upload(bucket, "m", b"other data")
        self.assert_raw_error(complete_raw(self.raw, bucket, "m", upload_id, parts,
                                           [("If-None-Match", "*")]), 412, "PreconditionFailed")
        self.assertEqual(self.content(bucket, "m"), b"part data")
        # A failed condition leaves the upload in place: it can still be completed.
        self.assertEqual(len(self.s3.list_parts(Bucket=bucket, Key="m",
                                                UploadId=upload_id)["Parts"]), 1)
        status, _, body = complete_raw(self.raw, bucket, "m", upload_id, parts)
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(self.content(bucket, "m"), b"other data")

    def test_complete_if_match(self):
        bucket = self.new_bucket()
        upload_id, parts = self.upload(bucket, "m")
        self.assert_raw_error(complete_raw(self.raw, bucket, "m", upload_id, parts,
                                           [("If-Match", '"0123"')]), 404, "NoSuchKey")
        etag = self.s3.put_object(Bucket=bucket, Key="m", Body=b"v1")["ETag"]
        self.assert_raw_error(complete_raw(self.raw, bucket, "m", upload_id, parts,
                                           [("If-Match", '"0123"')]), 412, "PreconditionFailed")
        self.assertEqual(self.content(bucket, "m"), b"v1")
        status, _, body = complete_raw(self.raw, bucket, "m", upload_id, parts,
                                       [("If-Match", etag)])
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(self.content(bucket, "m"), b"part data")

    def test_concurrent_create_only_one_wins(self):
        bucket = self.new_bucket()
        writers = 6
        for round_ in range(6):
            key = "race-{}".format(round_)
            barrier = threading.Barrier(writers)
            statuses = [None] * writers

            def write(i):
                barrier.wait(timeout=30)
                statuses[i] = self.put(bucket, key, "writer {}".format(i).encode() * 1000,
                                       [("If-None-Match", "*")])[0]

            threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
            self.assertEqual(sorted(statuses), [200] + [412] * (writers - 1), key)
            winner = statuses.index(200)
            self.assertEqual(self.content(bucket, key), "writer {}".format(winner).encode() * 1000)


class ConditionalWriteTest(ConditionalWriteChecks, BehaviourCase):
    pass


class MultiConditionalWriteTest(ConditionalWriteChecks, BehaviourCase):
    """The same through s3-multi, whose writes go to the primary: here a posix directory, with an
    s3cascade (posix) behind the s3 backend as the fallback."""

    @classmethod
    def setUpClass(cls):
        import multi_harness
        cls.fallback = multi_harness.start_all([multi_harness.PosixGateway()])[0]
        try:
            primary_dir = os.path.join(cls.fallback.tmp, "primary")
            os.makedirs(primary_dir)
            config = {"backends": [{"name": "primary", "type": "posix", "path": primary_dir},
                                   multi_harness.s3_entry(cls.fallback, "fallback")]}
            cls.server = multi_harness.start_all(
                [multi_harness.MultiGateway(config, extra_args=["--quiet"])])[0]
        except BaseException:
            multi_harness.stop_all([cls.fallback])
            raise
        cls.s3 = cls.server.boto3_client()
        cls.work = None
        cls.raw = RawClient(cls.server)

    @classmethod
    def tearDownClass(cls):
        import multi_harness
        multi_harness.stop_all([cls.fallback, cls.server])


class MultiS3PrimaryConditionalWriteTest(ConditionalWriteChecks, BehaviourCase):
    """And with an S3 primary (an s3cascade on a directory): the conditions are passed on to it."""

    @classmethod
    def setUpClass(cls):
        import multi_harness
        cls.primary = multi_harness.start_all([multi_harness.PosixGateway()])[0]
        try:
            config = {"backends": [multi_harness.s3_entry(cls.primary, "primary")]}
            cls.server = multi_harness.start_all(
                [multi_harness.MultiGateway(config, extra_args=["--quiet"])])[0]
        except BaseException:
            multi_harness.stop_all([cls.primary])
            raise
        cls.s3 = cls.server.boto3_client()
        cls.work = None
        cls.raw = RawClient(cls.server)

    @classmethod
    def tearDownClass(cls):
        import multi_harness
        multi_harness.stop_all([cls.primary, cls.server])


class CompleteRetryTest(BehaviourCase):
    """A CompleteMultipartUpload retried after it succeeded (its answer lost on the way) gets 200
    and the same ETag, as from S3, not NoSuchUpload; the upload itself is gone."""

    def test_retried_complete_answers_the_same(self):
        bucket = self.new_bucket()
        upload_id = self.s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]
        etag = self.s3.upload_part(Bucket=bucket, Key="m", UploadId=upload_id, PartNumber=1,
                                   Body=b"data")["ETag"]
        parts = {"Parts": [{"PartNumber": 1, "ETag": etag}]}
        first = self.s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=upload_id,
                                                  MultipartUpload=parts)
        for attempt in range(2):
            with self.subTest(attempt=attempt):
                again = self.s3.complete_multipart_upload(Bucket=bucket, Key="m",
                                                          UploadId=upload_id,
                                                          MultipartUpload=parts)
                self.assertEqual(again["ResponseMetadata"]["HTTPStatusCode"], 200)
                self.assertEqual(again["ETag"], first["ETag"])
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="m")["Body"].read(), b"data")
        # Completed means no longer in progress.
        self.assertNotIn("Uploads", self.s3.list_multipart_uploads(Bucket=bucket))
        self.assert_client_error(lambda: self.s3.list_parts(Bucket=bucket, Key="m",
                                                            UploadId=upload_id), "NoSuchUpload")
        self.assert_client_error(
            lambda: self.s3.upload_part(Bucket=bucket, Key="m", UploadId=upload_id,
                                        PartNumber=2, Body=b"late"), "NoSuchUpload")
        # The record answers for that key only.
        self.assert_client_error(
            lambda: self.s3.complete_multipart_upload(Bucket=bucket, Key="other",
                                                      UploadId=upload_id, MultipartUpload=parts),
            "NoSuchUpload")
        # A bucket with only such records can be deleted.
        self.s3.delete_object(Bucket=bucket, Key="m")
        self.s3.delete_bucket(Bucket=bucket)


class PartsTest(BehaviourCase):
    """UploadPart of a part number again replaces that part; GetObject/HeadObject ?partNumber=N
    serve part N (206, Content-Range, x-amz-mp-parts-count, the whole object's ETag)."""

    def multipart(self, bucket, key, parts):
        upload_id = self.s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
        done = []
        for n, data in enumerate(parts, 1):
            e = self.s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=n,
                                    Body=data)["ETag"]
            done.append({"PartNumber": n, "ETag": e})
        return self.s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id,
                                                 MultipartUpload={"Parts": done})

    def test_part_uploaded_twice_last_wins(self):
        bucket = self.new_bucket()
        upload_id = self.s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]
        first = self.s3.upload_part(Bucket=bucket, Key="m", UploadId=upload_id, PartNumber=1,
                                    Body=b"first")["ETag"]
        last = self.s3.upload_part(Bucket=bucket, Key="m", UploadId=upload_id, PartNumber=1,
                                   Body=b"second")["ETag"]
        self.assertNotEqual(first, last)
        listed = self.s3.list_parts(Bucket=bucket, Key="m", UploadId=upload_id)["Parts"]
        self.assertEqual([(p["PartNumber"], p["ETag"], p["Size"]) for p in listed],
                         [(1, last, 6)])
        self.assert_client_error(
            lambda: self.s3.complete_multipart_upload(
                Bucket=bucket, Key="m", UploadId=upload_id,
                MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": first}]}), "InvalidPart")
        self.s3.complete_multipart_upload(
            Bucket=bucket, Key="m", UploadId=upload_id,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": last}]})
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="m")["Body"].read(), b"second")

    def test_get_and_head_by_part_number(self):
        bucket = self.new_bucket()
        parts = [os.urandom(5 * MIB), os.urandom(5 * MIB + 17), b"tail bytes"]
        etag = self.multipart(bucket, "m", parts)["ETag"]
        whole = b"".join(parts)
        first = 0
        for n, data in enumerate(parts, 1):
            with self.subTest(part=n):
                last = first + len(data) - 1
                got = self.s3.get_object(Bucket=bucket, Key="m", PartNumber=n)
                self.assertEqual(got["ResponseMetadata"]["HTTPStatusCode"], 206)
                self.assertEqual(got["Body"].read(), data)
                self.assertEqual(got["ContentRange"], "bytes {}-{}/{}".format(first, last,
                                                                             len(whole)))
                self.assertEqual(got["PartsCount"], 3)
                self.assertEqual(got["ETag"], etag)
                self.assertEqual(got["ContentLength"], len(data))
                head = self.s3.head_object(Bucket=bucket, Key="m", PartNumber=n)
                self.assertEqual(head["ResponseMetadata"]["HTTPStatusCode"], 206)
                self.assertEqual(head["ContentLength"], len(data))
                self.assertEqual(head["ContentRange"], got["ContentRange"])
                self.assertEqual(head["PartsCount"], 3)
                first = last + 1
        self.assert_client_error(lambda: self.s3.get_object(Bucket=bucket, Key="m",
                                                            PartNumber=4), "InvalidPart", 400)
        status, _, _ = self.raw.send("HEAD", "/{}/m".format(bucket), raw_query="partNumber=4")
        self.assertEqual(status, 400)
        for bad in ("0", "10001", "x"):
            with self.subTest(bad=bad):
                self.assert_raw_error(self.raw.send("GET", "/{}/m".format(bucket),
                                                    raw_query="partNumber=" + bad),
                                      400, "InvalidArgument")

    def test_single_part_object_is_part_one(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="p", Body=b"plain object")
        got = self.s3.get_object(Bucket=bucket, Key="p", PartNumber=1)
        self.assertEqual(got["Body"].read(), b"plain object")
        self.assertEqual(got["ContentRange"], "bytes 0-11/12")
        self.assertNotIn("PartsCount", got)
        self.assert_client_error(lambda: self.s3.get_object(Bucket=bucket, Key="p",
                                                            PartNumber=2), "InvalidPart", 400)


class KeysAndPrefixesTest(BehaviourCase):
    """Keys "a", "a/" and "a/b" coexist (S3 has no folders), with listings in S3's order."""

    def test_object_and_prefix_coexist(self):
        bucket = self.new_bucket()
        for key, body in [("a", b"file a"), ("a/b", b"below"), ("a/", b""), ("a-z", b"sib"),
                          ("x/y", b"xy"), ("x", b"x")]:
            self.s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="text/x-" + key.replace("/", "_"))
        got = self.s3.get_object(Bucket=bucket, Key="a")
        self.assertEqual(got["Body"].read(), b"file a")
        self.assertEqual(got["ContentType"], "text/x-a")
        self.assertEqual(got["ETag"], '"{}"'.format(hashlib.md5(b"file a").hexdigest()))
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="x")["Body"].read(), b"x")
        # Tags of an object that is also a prefix live with it.
        self.s3.put_object_tagging(Bucket=bucket, Key="a", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
        self.assertEqual(self.s3.get_object_tagging(Bucket=bucket, Key="a")["TagSet"], [{"Key": "k", "Value": "v"}])
        self.assertEqual(self.s3.get_object_tagging(Bucket=bucket, Key="a/b")["TagSet"], [])
        keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket=bucket)["Contents"]]
        self.assertEqual(keys, ["a", "a-z", "a/", "a/b", "x", "x/y"])
        page = self.s3.list_objects_v2(Bucket=bucket, Delimiter="/")
        self.assertEqual([o["Key"] for o in page["Contents"]], ["a", "a-z", "x"])
        self.assertEqual([p["Prefix"] for p in page["CommonPrefixes"]], ["a/", "x/"])
        # Paginated one key at a time: the same keys, each once.
        paged, token = [], None
        while True:
            kwargs = {"ContinuationToken": token} if token else {}
            r = self.s3.list_objects_v2(Bucket=bucket, MaxKeys=1, **kwargs)
            paged += [o["Key"] for o in r.get("Contents", [])]
            if not r["IsTruncated"]:
                break
            token = r["NextContinuationToken"]
        self.assertEqual(paged, keys)
        self.s3.delete_object(Bucket=bucket, Key="a")
        self.assert_client_error(lambda: self.s3.get_object(Bucket=bucket, Key="a"), "NoSuchKey", 404)
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="a/b")["Body"].read(), b"below")
        self.s3.delete_object(Bucket=bucket, Key="x/y")
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="x")["Body"].read(), b"x")


if __name__ == "__main__":
    harness.main()
