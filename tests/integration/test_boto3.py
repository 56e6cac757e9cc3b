"""boto3 1.43 against the gateway, in the three payload forms a current SDK sends:
- DEFAULT: request_checksum_calculation=when_supported, which over plain http is a signed
  payload plus an x-amz-checksum-crc32 header;
- TRAILER: the same client forced to its TLS behaviour, aws-chunked with
  STREAMING-UNSIGNED-PAYLOAD-TRAILER and a CRC32 trailer (the form that broke many S3 services);
- PLAIN: request_checksum_calculation=when_required, a signed payload and no checksum at all.
The same operation tests run over each form; error codes run once."""

import base64
import hashlib
import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import MIB, sha256_file, write_random_file  # noqa: E402


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


class OperationsMixin:
    """Operations run by each payload form; subclasses set make_client()."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.make_client(cls.server)
        cls.sent = harness.record_headers(cls.client)

    def sent_for(self, operation):
        return [h for op, h in self.sent if op == operation]

    def test_put_get_bytes(self):
        bucket = self.new_bucket()
        body = os.urandom(300000)
        put = self.client.put_object(Bucket=bucket, Key="p/obj", Body=body,
                                     ContentType="application/x-b3", Metadata={"m": "1"})
        self.check_payload_form(self.sent_for("PutObject")[-1])
        got = self.client.get_object(Bucket=bucket, Key="p/obj")
        self.assertEqual(got["Body"].read(), body)
        self.assertEqual(got["ETag"], put["ETag"])
        self.assertEqual(got["ContentType"], "application/x-b3")
        self.assertEqual(got["Metadata"], {"m": "1"})
        ranged = self.client.get_object(Bucket=bucket, Key="p/obj", Range="bytes=1000-1999")
        self.assertEqual(ranged["Body"].read(), body[1000:2000])
        self.assertEqual(ranged["ContentRange"], "bytes 1000-1999/300000")
        self.assertEqual(ranged["ResponseMetadata"]["HTTPStatusCode"], 206)

    def test_put_empty_object(self):
        bucket = self.new_bucket()
        self.client.put_object(Bucket=bucket, Key="empty", Body=b"")
        got = self.client.get_object(Bucket=bucket, Key="empty")
        self.assertEqual(got["Body"].read(), b"")
        # The MD5 of nothing: S3 ETags of single-part objects are the hex MD5 of the content.
        self.assertEqual(got["ETag"], '"d41d8cd98f00b204e9800998ecf8427e"')

    def test_upload_download_file_multipart(self):
        from boto3.s3.transfer import TransferConfig
        bucket = self.new_bucket()
        src = write_random_file(self.path(self.id(), "src"), 12 * MIB + 123)
        config = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB,
                                max_concurrency=3)
        self.client.upload_file(src, bucket, "mp/file.bin", Config=config)
        self.assertEqual(len(self.sent_for("UploadPart")) >= 3, True, "expected 3 UploadPart")
        self.check_payload_form(self.sent_for("UploadPart")[-1])
        head = self.client.head_object(Bucket=bucket, Key="mp/file.bin")
        self.assertEqual(head["ContentLength"], 12 * MIB + 123)
        self.assertRegex(head["ETag"], r'^"[0-9a-f]{32}-3"$')
        dst = self.path(self.id(), "dst")
        self.client.download_file(bucket, "mp/file.bin", dst, Config=config)
        self.assertEqual(sha256_file(dst), sha256_file(src), "multipart round trip differs")

    @harness.gateway_only("moto 5.2 does not verify x-amz-checksum-* values")
    def test_bad_checksum_rejected(self):
        # A checksum that does not match the body must be refused, never stored (S3 answers
        # BadDigest for x-amz-checksum-* mismatches: "Checking object integrity").
        bucket = self.new_bucket()
        body = b"checksummed body"
        self.client.put_object(Bucket=bucket, Key="ok", Body=body, ChecksumCRC32=crc32_b64(body))
        self.assert_client_error(lambda: self.client.put_object(
            Bucket=bucket, Key="bad", Body=body, ChecksumCRC32=crc32_b64(b"other")),
            "BadDigest", 400)
        self.assert_client_error(lambda: self.client.head_object(Bucket=bucket, Key="bad"),
                                 "404", 404)


class Boto3DefaultTest(OperationsMixin, harness.IntegrationTestCase):
    """DEFAULT form, plus the parts of the API that do not depend on the payload form."""

    @staticmethod
    def make_client(server):
        return server.boto3_client()

    def check_payload_form(self, headers):
        self.assertIn("x-amz-checksum-crc32", headers, "botocore default sends a CRC32")
        self.assertNotEqual(headers.get("x-amz-content-sha256"), "UNSIGNED-PAYLOAD")

    def test_empty_file_put_then_parts_on_one_connection(self):
        # aws s3 sync of a tree holding an empty file failed now and then with KeyError 'ETag':
        # the empty PUT (file body, Expect: 100-continue) got its final answer without a 100
        # Continue, botocore kept that status line for the connection, and the next UploadPart
        # on it lost its headers (boto/boto3#4507). One pooled connection makes it certain.
        import io
        import logging
        client = self.server.boto3_client(max_pool_connections=1)
        bucket = self.new_bucket()
        records = []

        class Keep(logging.Handler):
            def emit(self, record):
                records.append(record.getMessage())

        handler = Keep(level=logging.WARNING)
        logger = logging.getLogger("urllib3.connection")
        logger.addHandler(handler)
        try:
            client.put_object(Bucket=bucket, Key="empty", Body=io.BytesIO(b""))
            upload = client.create_multipart_upload(Bucket=bucket, Key="big")
            part = client.upload_part(Bucket=bucket, Key="big", UploadId=upload["UploadId"], PartNumber=1,
                                      Body=io.BytesIO(b"p" * 1000))
            put = client.put_object(Bucket=bucket, Key="ten", Body=io.BytesIO(b"x" * 10))
        finally:
            logger.removeHandler(handler)
        self.assertEqual(part["ETag"], '"{}"'.format(hashlib.md5(b"p" * 1000).hexdigest()))
        self.assertEqual(part["ResponseMetadata"]["RetryAttempts"], 0)
        self.assertEqual(put["ETag"], '"336311a016184326ddbdd61edd4eeb52"')
        self.assertEqual(put["ResponseMetadata"]["RetryAttempts"], 0)
        self.assertEqual([m for m in records if "Failed to parse headers" in m], [])
        client.abort_multipart_upload(Bucket=bucket, Key="big", UploadId=upload["UploadId"])

    def test_list_paginator(self):
        bucket = self.new_bucket()
        keys = ["k/{:02d}".format(i) for i in range(25)]
        for key in keys:
            self.client.put_object(Bucket=bucket, Key=key, Body=key.encode())
        pages = list(self.client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, PaginationConfig={"PageSize": 7}))
        self.assertEqual(len(pages), 4)
        self.assertEqual([o["Key"] for p in pages for o in p.get("Contents", [])], keys)
        self.assertEqual([o["Size"] for o in pages[0]["Contents"]], [4] * 7)
        v1 = list(self.client.get_paginator("list_objects").paginate(
            Bucket=bucket, Prefix="k/1", PaginationConfig={"PageSize": 4}))
        self.assertEqual([o["Key"] for p in v1 for o in p.get("Contents", [])], keys[10:20])

    def test_delete_objects(self):
        bucket = self.new_bucket()
        for i in range(5):
            self.client.put_object(Bucket=bucket, Key="d{}".format(i), Body=b"x")
        res = self.client.delete_objects(Bucket=bucket, Delete={
            "Objects": [{"Key": "d0"}, {"Key": "d2"}, {"Key": "d4"}, {"Key": "never"}]})
        self.assertEqual(sorted(d["Key"] for d in res["Deleted"]), ["d0", "d2", "d4", "never"])
        self.assertEqual([o["Key"] for o in self.client.list_objects_v2(Bucket=bucket)["Contents"]],
                         ["d1", "d3"])
        self.client.delete_object(Bucket=bucket, Key="d1")
        self.client.delete_object(Bucket=bucket, Key="d1")  # deleting twice is a 204 both times
        self.client.delete_object(Bucket=bucket, Key="d3")
        self.client.delete_bucket(Bucket=bucket)
        self.assert_client_error(lambda: self.client.head_bucket(Bucket=bucket), "404", 404)

    def test_presigned_get_and_put_with_requests(self):
        import requests
        bucket = self.new_bucket()
        body = os.urandom(5000)
        self.client.put_object(Bucket=bucket, Key="pre/get", Body=body)
        url = self.client.generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": "pre/get"}, ExpiresIn=300)
        self.assertIn("X-Amz-Signature=", url)
        r = requests.get(url, timeout=30)
        self.assertEqual(r.status_code, 200, r.text[:300])
        self.assertEqual(r.content, body)
        put_url = self.client.generate_presigned_url(
            "put_object", Params={"Bucket": bucket, "Key": "pre/put"}, ExpiresIn=300)
        r = requests.put(put_url, data=b"via presigned put", timeout=30)
        self.assertEqual(r.status_code, 200, r.text[:300])
        got = self.client.get_object(Bucket=bucket, Key="pre/put")["Body"].read()
        self.assertEqual(got, b"via presigned put")
        head_url = self.client.generate_presigned_url(
            "head_object", Params={"Bucket": bucket, "Key": "pre/get"}, ExpiresIn=300)
        r = requests.head(head_url, timeout=30)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.headers.get("Content-Length"), "5000")

    def test_error_codes(self):
        bucket = self.new_bucket()
        self.client.put_object(Bucket=bucket, Key="ten", Body=b"0123456789")
        missing = harness.unique_bucket("missing")
        self.assert_client_error(lambda: self.client.get_object(Bucket=bucket, Key="nope"),
                                 "NoSuchKey", 404)
        self.assert_client_error(lambda: self.client.get_object(Bucket=missing, Key="k"),
                                 "NoSuchBucket", 404)
        self.assert_client_error(lambda: self.client.list_objects_v2(Bucket=missing),
                                 "NoSuchBucket", 404)
        self.assert_client_error(lambda: self.client.put_object(Bucket=missing, Key="k", Body=b""),
                                 "NoSuchBucket", 404)
        self.assert_client_error(lambda: self.client.delete_bucket(Bucket=bucket),
                                 "BucketNotEmpty", 409)
        self.assert_client_error(lambda: self.client.delete_bucket(Bucket=missing),
                                 "NoSuchBucket", 404)
        self.assert_client_error(lambda: self.client.get_object(
            Bucket=bucket, Key="ten", Range="bytes=100-200"), "InvalidRange", 416)
        self.assert_client_error(lambda: self.client.head_object(Bucket=bucket, Key="nope"),
                                 "404", 404)
        self.assert_client_error(lambda: self.client.list_parts(
            Bucket=bucket, Key="ten", UploadId="no-such-upload-id"), "NoSuchUpload", 404)
        if harness.IS_GATEWAY:  # moto 5.2 answers 500 to these two
            self.assert_client_error(lambda: self.client.upload_part(
                Bucket=bucket, Key="ten", UploadId="no-such-upload-id", PartNumber=1, Body=b"x"),
                "NoSuchUpload", 404)
            self.assert_client_error(lambda: self.client.complete_multipart_upload(
                Bucket=bucket, Key="ten", UploadId="no-such-upload-id",
                MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"x"'}]}),
                "NoSuchUpload", 404)
        self.assert_client_error(lambda: self.client.copy_object(
            Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "nope"}),
            "NoSuchKey", 404)

    @harness.gateway_only("moto 5.2 accepts any bucket name")
    def test_invalid_bucket_name(self):
        # Bucket naming rules: lowercase letters, digits, dots and hyphens, 3 to 63 characters.
        for name in ("Bad_Bucket_Name", "ab", "-starts-with-hyphen", "a" * 64):
            self.assert_client_error(lambda: self.client.create_bucket(Bucket=name),
                                     "InvalidBucketName", 400)

    def test_multipart_part_errors(self):
        bucket = self.new_bucket()
        up = self.client.create_multipart_upload(Bucket=bucket, Key="mp")
        uid = up["UploadId"]
        big1, small2, big3 = os.urandom(5 * MIB), b"b" * 1000, os.urandom(5 * MIB)
        etags = {}
        for number, body in ((1, big1), (2, small2), (3, big3)):
            etags[number] = self.client.upload_part(Bucket=bucket, Key="mp", UploadId=uid,
                                                    PartNumber=number, Body=body)["ETag"]

        def complete(*parts):
            return self.client.complete_multipart_upload(
                Bucket=bucket, Key="mp", UploadId=uid, MultipartUpload={"Parts": [
                    {"PartNumber": n, "ETag": etags.get(n, e)} for n, e in parts]})

        # Every part but the last must be at least 5 MiB (multipart upload limits).
        self.assert_client_error(lambda: complete((1, None), (2, None), (3, None)),
                                 "EntityTooSmall", 400)
        self.assert_client_error(lambda: self.client.complete_multipart_upload(
            Bucket=bucket, Key="mp", UploadId=uid, MultipartUpload={"Parts": [
                {"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}]}),
            "InvalidPart", 400)
        if harness.IS_GATEWAY:  # moto 5.2 completes out-of-order part lists
            self.assert_client_error(lambda: complete((3, None), (1, None)),
                                     "InvalidPartOrder", 400)
        # The upload survives failed completions and completes with a subset of its parts.
        done = complete((1, None), (2, None))
        self.assertRegex(done["ETag"], r'^"[0-9a-f]{32}-2"$')
        self.assertEqual(self.client.get_object(Bucket=bucket, Key="mp")["Body"].read(),
                         big1 + small2)

    def test_bucket_already_owned_us_east_1(self):
        # In us-east-1 S3 answers 200 to re-creating a bucket you own ("legacy compatibility",
        # CreateBucket docs); elsewhere 409 BucketAlreadyOwnedByYou (see the eu-west-1 class).
        bucket = self.new_bucket()
        self.client.put_object(Bucket=bucket, Key="keep", Body=b"k")
        from botocore.exceptions import ClientError
        try:
            self.client.create_bucket(Bucket=bucket)
        except ClientError as e:
            self.assertEqual(e.response["Error"]["Code"], "BucketAlreadyOwnedByYou")
            self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 409)
        self.assertEqual(self.client.get_object(Bucket=bucket, Key="keep")["Body"].read(), b"k",
                         "re-creating a bucket must not lose its objects")


class Boto3TrailerTest(OperationsMixin, harness.IntegrationTestCase):
    """TRAILER form (botocore's default over TLS)."""

    @staticmethod
    def make_client(server):
        return harness.force_trailer_checksums(server.boto3_client())

    def check_payload_form(self, headers):
        self.assertEqual(headers.get("x-amz-content-sha256"), "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        self.assertIn("aws-chunked", headers.get("content-encoding", ""))
        self.assertEqual(headers.get("x-amz-trailer"), "x-amz-checksum-crc32")


class Boto3PlainTest(OperationsMixin, harness.IntegrationTestCase):
    """PLAIN form: no checksum unless the operation requires one."""

    @staticmethod
    def make_client(server):
        return server.boto3_client(request_checksum_calculation="when_required",
                                   response_checksum_validation="when_required")

    def check_payload_form(self, headers):
        self.assertFalse([h for h in headers if h.startswith("x-amz-checksum-")], headers)
        self.assertRegex(headers.get("x-amz-content-sha256", ""), r"^[0-9a-f]{64}$")

    def test_bad_checksum_rejected(self):
        # An explicit checksum is sent even under when_required; the mixin's check applies.
        super().test_bad_checksum_rejected()


class Boto3OtherRegionTest(harness.IntegrationTestCase):
    """Outside us-east-1 re-creating an owned bucket is 409 BucketAlreadyOwnedByYou."""

    server_region = "eu-west-1"

    def test_bucket_already_owned_by_you(self):
        bucket = harness.unique_bucket("owned")
        conf = {"LocationConstraint": "eu-west-1"}
        self.s3.create_bucket(Bucket=bucket, CreateBucketConfiguration=conf)
        self.assert_client_error(lambda: self.s3.create_bucket(
            Bucket=bucket, CreateBucketConfiguration=conf), "BucketAlreadyOwnedByYou", 409)
        loc = self.s3.get_bucket_location(Bucket=bucket)
        self.assertEqual(loc["LocationConstraint"], "eu-west-1")


if __name__ == "__main__":
    harness.main()
