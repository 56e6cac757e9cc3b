"""S3 object tagging through the real binary (S3 API reference: PutObjectTagging,
GetObjectTagging, DeleteObjectTagging; x-amz-tagging on PutObject and CreateMultipartUpload;
CopyObject x-amz-tagging-directive; x-amz-tagging-count on GetObject/HeadObject), bucket tagging
answered 501 (never a 200 that did nothing), s3-multi (tags of an object only a fallback holds
are readable; tag writes go to the primary, through the S3 backend), and the aws cli v2 copy of a
multipart object (`aws s3 cp s3://a/big s3://b/big` calls GetObjectTagging)."""

import os
import sys

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import MIB  # noqa: E402
import multi_harness  # noqa: E402

# Debian's aws cli v2 (installer/test-packages.txt); a missing client fails, it is not skipped.
AWS_V2 = os.environ.get("S3C_AWS_V2", "/usr/bin/aws")


def signed(server, method, path, query="", body=b"", headers=None):
    """A SigV4-signed request built by botocore, sent with requests (for bodies boto3 refuses)."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    req = AWSRequest(method=method, url=server.endpoint + path + ("?" + query if query else ""),
                     data=body, headers=dict(headers or {}))
    S3SigV4Auth(Credentials(server.access_key, server.secret_key), "s3", server.region).add_auth(req)
    return requests.request(method, req.url, headers=dict(req.headers), data=body, timeout=30)


def tag_set(tags):
    return {"TagSet": [{"Key": k, "Value": v} for k, v in tags]}


def as_pairs(response):
    return [(t["Key"], t["Value"]) for t in response["TagSet"]]


def tagging_count(response):
    return response["ResponseMetadata"]["HTTPHeaders"].get("x-amz-tagging-count")


class ObjectTaggingTest(harness.IntegrationTestCase):

    def test_put_get_delete(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="obj", Body=b"data")
        self.assertEqual(self.s3.get_object_tagging(Bucket=bucket, Key="obj")["TagSet"], [],
                         "an object without tags has an empty TagSet")
        self.assertIsNone(tagging_count(self.s3.head_object(Bucket=bucket, Key="obj")))
        tags = [("project", "blue sky"), ("caf\u00e9", "\u65e5\u672c"), ("empty", ""), ("sym", "_.:/=+-@")]
        r = self.s3.put_object_tagging(Bucket=bucket, Key="obj", Tagging=tag_set(tags))
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="obj")), tags)
        self.assertEqual(tagging_count(self.s3.head_object(Bucket=bucket, Key="obj")), "4")
        got = self.s3.get_object(Bucket=bucket, Key="obj")
        self.assertEqual(got["TagCount"], 4)
        self.assertEqual(got["Body"].read(), b"data", "tagging must not touch the bytes")
        # Another PUT replaces the whole set.
        self.s3.put_object_tagging(Bucket=bucket, Key="obj", Tagging=tag_set([("only", "one")]))
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="obj")), [("only", "one")])
        r = self.s3.delete_object_tagging(Bucket=bucket, Key="obj")
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertEqual(self.s3.get_object_tagging(Bucket=bucket, Key="obj")["TagSet"], [])
        self.assertIsNone(tagging_count(self.s3.head_object(Bucket=bucket, Key="obj")))

    def test_tags_keep_etag_and_metadata(self):
        bucket = self.new_bucket()
        put = self.s3.put_object(Bucket=bucket, Key="m", Body=b"x" * 100, ContentType="text/x-keep",
                                 Metadata={"colour": "red"})
        self.s3.put_object_tagging(Bucket=bucket, Key="m", Tagging=tag_set([("a", "1")]))
        head = self.s3.head_object(Bucket=bucket, Key="m")
        self.assertEqual(head["ETag"], put["ETag"])
        self.assertEqual(head["ContentType"], "text/x-keep")
        self.assertEqual(head["Metadata"], {"colour": "red"})

    def test_missing_object_and_bucket(self):
        bucket = self.new_bucket()
        self.assert_client_error(lambda: self.s3.get_object_tagging(Bucket=bucket, Key="absent"),
                                 "NoSuchKey", 404)
        self.assert_client_error(lambda: self.s3.put_object_tagging(
            Bucket=bucket, Key="absent", Tagging=tag_set([("a", "1")])), "NoSuchKey", 404)
        self.assert_client_error(lambda: self.s3.get_object_tagging(
            Bucket=harness.unique_bucket("nobucket"), Key="k"), "NoSuchBucket", 404)
        self.assertFalse(self.s3.list_objects_v2(Bucket=bucket).get("Contents"),
                         "tagging a missing key must not create it")

    def test_limits(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="k", Body=b"")
        ten = [("k{}".format(i), "v") for i in range(10)]
        self.s3.put_object_tagging(Bucket=bucket, Key="k", Tagging=tag_set(ten))
        self.assertEqual(len(self.s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"]), 10)
        longest = [("k" * 128, "v" * 256)]
        self.s3.put_object_tagging(Bucket=bucket, Key="k", Tagging=tag_set(longest))
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="k")), longest)
        for bad in ([("k{}".format(i), "v") for i in range(11)],
                    [("dup", "1"), ("dup", "2")],
                    [("k" * 129, "v")],
                    [("k", "v" * 257)],
                    [("k", "a*b")],
                    [("aws:reserved", "v")]):
            self.assert_client_error(lambda: self.s3.put_object_tagging(
                Bucket=bucket, Key="k", Tagging=tag_set(bad)), "InvalidTag", 400)
        # A refused PUT leaves the tags as they were.
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="k")), longest)

    def test_malformed_and_oversized_bodies(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="k", Body=b"")
        path = "/{}/k".format(bucket)
        for body in (b"", b"not xml", b"<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet></Tagging>",
                     b"<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag>",
                     b"<Delete><Object><Key>k</Key></Object></Delete>",
                     b"<Tagging><TagSet/></Tagging>" + b" " * (100 * 1024)):
            self.assert_s3_error(signed(self.server, "PUT", path, "tagging", body), 400, "MalformedXML")
        empty_key = b"<Tagging><TagSet><Tag><Key></Key><Value>b</Value></Tag></TagSet></Tagging>"
        self.assert_s3_error(signed(self.server, "PUT", path, "tagging", empty_key), 400, "InvalidTag")
        self.assertEqual(self.s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"], [])

    def test_version_id_null_only(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="v", Body=b"")
        self.s3.put_object_tagging(Bucket=bucket, Key="v", VersionId="null", Tagging=tag_set([("a", "1")]))
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="v", VersionId="null")),
                         [("a", "1")])
        self.assert_client_error(lambda: self.s3.get_object_tagging(
            Bucket=bucket, Key="v", VersionId="3HL4kqtJlcpXroDTDmJ"), "InvalidArgument", 400)
        self.s3.delete_object_tagging(Bucket=bucket, Key="v", VersionId="null")
        self.assertEqual(self.s3.get_object_tagging(Bucket=bucket, Key="v")["TagSet"], [])

    def test_put_object_with_tagging_header(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="t", Body=b"1", Tagging="a=1&b=x%20y&c%2Bd=%C3%A9")
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="t")),
                         [("a", "1"), ("b", "x y"), ("c+d", "\u00e9")])
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="t")["TagCount"], 3)
        # An overwrite replaces the tags along with everything else.
        self.s3.put_object(Bucket=bucket, Key="t", Body=b"2")
        self.assertEqual(self.s3.get_object_tagging(Bucket=bucket, Key="t")["TagSet"], [])
        self.assert_client_error(lambda: self.s3.put_object(Bucket=bucket, Key="bad", Body=b"",
                                                            Tagging="a=1&a=2"), "InvalidArgument", 400)
        self.assert_client_error(lambda: self.s3.put_object(Bucket=bucket, Key="bad", Body=b"",
                                                            Tagging="a=%2A"), "InvalidTag", 400)
        self.assertNotIn("Contents", self.s3.list_objects_v2(Bucket=bucket, Prefix="bad"))

    def test_copy_directives(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="src", Body=b"source", Tagging="from=source&n=1")
        source = {"Bucket": bucket, "Key": "src"}
        self.s3.copy_object(Bucket=bucket, Key="default", CopySource=source)
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="default")),
                         [("from", "source"), ("n", "1")], "COPY is the default directive")
        self.s3.copy_object(Bucket=bucket, Key="copy", CopySource=source, TaggingDirective="COPY",
                            Tagging="ignored=yes")
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="copy")),
                         [("from", "source"), ("n", "1")])
        self.s3.copy_object(Bucket=bucket, Key="replace", CopySource=source, TaggingDirective="REPLACE",
                            Tagging="new=tag")
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="replace")), [("new", "tag")])
        self.s3.copy_object(Bucket=bucket, Key="cleared", CopySource=source, TaggingDirective="REPLACE")
        self.assertEqual(self.s3.get_object_tagging(Bucket=bucket, Key="cleared")["TagSet"], [])
        # Metadata REPLACE alone keeps the source's tags.
        self.s3.copy_object(Bucket=bucket, Key="meta", CopySource=source, MetadataDirective="REPLACE",
                            Metadata={"m": "1"})
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="meta")),
                         [("from", "source"), ("n", "1")])
        self.assertEqual(self.s3.get_object(Bucket=bucket, Key="replace")["Body"].read(), b"source")

    def test_multipart_with_tagging(self):
        bucket = self.new_bucket()
        up = self.s3.create_multipart_upload(Bucket=bucket, Key="mp", Tagging="mp=yes&size=big")
        part1 = os.urandom(5 * MIB)
        e1 = self.s3.upload_part(Bucket=bucket, Key="mp", UploadId=up["UploadId"], PartNumber=1,
                                 Body=part1)["ETag"]
        e2 = self.s3.upload_part(Bucket=bucket, Key="mp", UploadId=up["UploadId"], PartNumber=2,
                                 Body=b"tail")["ETag"]
        # The tags apply to the object made at Complete, not before.
        self.assert_client_error(lambda: self.s3.get_object_tagging(Bucket=bucket, Key="mp"), "NoSuchKey", 404)
        self.s3.complete_multipart_upload(
            Bucket=bucket, Key="mp", UploadId=up["UploadId"],
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="mp")),
                         [("mp", "yes"), ("size", "big")])
        self.assertEqual(tagging_count(self.s3.head_object(Bucket=bucket, Key="mp")), "2")

    def test_bucket_tagging_is_not_implemented(self):
        bucket = self.new_bucket()
        self.assert_client_error(lambda: self.s3.get_bucket_tagging(Bucket=bucket), "NotImplemented", 501)
        self.assert_client_error(lambda: self.s3.put_bucket_tagging(
            Bucket=bucket, Tagging=tag_set([("a", "1")])), "NotImplemented", 501)
        self.assert_client_error(lambda: self.s3.delete_bucket_tagging(Bucket=bucket), "NotImplemented", 501)
        r = signed(self.server, "GET", "/" + bucket, "tagging")
        self.assert_s3_error(r, 501, "NotImplemented")
        self.assertIn(b"GET ?tagging", r.content, "the 501 names what was asked for")

    def test_awscli_v2_copies_multipart_object_between_buckets(self):
        # aws cli v2 copies an object above its 8 MiB multipart threshold with UploadPartCopy,
        # and first asks GetObjectTagging so that the copy keeps the tags (issue: this failed
        # with 501 before tagging existed).
        self.assertTrue(os.path.exists(AWS_V2), "Debian's aws cli v2 is missing: " + AWS_V2)
        a, b = self.new_bucket("cli-a"), self.new_bucket("cli-b")
        up = self.s3.create_multipart_upload(Bucket=a, Key="big", Tagging="kind=big")
        parts = [os.urandom(5 * MIB), os.urandom(4 * MIB)]
        etags = [self.s3.upload_part(Bucket=a, Key="big", UploadId=up["UploadId"], PartNumber=i + 1,
                                     Body=p)["ETag"] for i, p in enumerate(parts)]
        self.s3.complete_multipart_upload(
            Bucket=a, Key="big", UploadId=up["UploadId"],
            MultipartUpload={"Parts": [{"PartNumber": i + 1, "ETag": e} for i, e in enumerate(etags)]})
        cp = harness.run([AWS_V2, "--endpoint-url", self.server.endpoint, "s3", "cp", "--no-progress",
                          "s3://{}/big".format(a), "s3://{}/big".format(b)], env=self.env, timeout=300)
        self.assertIn(b"copy:", cp.stdout)
        self.assertEqual(self.s3.get_object(Bucket=b, Key="big")["Body"].read(), b"".join(parts))
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=b, Key="big")), [("kind", "big")])


class MultiTaggingTest(multi_harness.MultiTestCase):
    """s3-multi over a posix s3cascade (primary) and moto: both reached through the S3 backend."""

    backend_names = ["posix-primary", "moto"]

    @classmethod
    def make_backends(cls):
        return [multi_harness.PosixGateway(), harness.MotoServer()]

    def test_tags_of_an_object_only_on_the_fallback_are_readable(self):
        bucket = self.bucket_everywhere()
        self.direct[1].put_object(Bucket=bucket, Key="fallback-only", Body=b"f",
                                  Tagging="where=moto&n=2")
        r = self.s3.get_object_tagging(Bucket=bucket, Key="fallback-only")
        self.assertEqual(as_pairs(r), [("where", "moto"), ("n", "2")])
        self.assertEqual(tagging_count(self.s3.head_object(Bucket=bucket, Key="fallback-only")), "2")
        # Writes go to the primary, which does not hold the key.
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as ctx:
            self.s3.put_object_tagging(Bucket=bucket, Key="fallback-only", Tagging=tag_set([("x", "1")]))
        self.assertEqual(ctx.exception.response["Error"]["Code"], "NoSuchKey")
        self.assertEqual(as_pairs(self.direct[1].get_object_tagging(Bucket=bucket, Key="fallback-only")),
                         [("where", "moto"), ("n", "2")], "the fallback's tags must stay as they were")
        with self.assertRaises(ClientError) as ctx:
            self.s3.get_object_tagging(Bucket=bucket, Key="nowhere")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "NoSuchKey")

    def test_copy_of_a_fallback_object_keeps_its_tags(self):
        # The source is on moto only: the copy streams it into the primary, and COPY (the
        # default) must bring the tags along although an S3 GET tells only their number.
        bucket = self.bucket_everywhere()
        self.direct[1].put_object(Bucket=bucket, Key="src", Body=b"from moto", Tagging="a=1&b=2")
        self.s3.copy_object(Bucket=bucket, Key="copied", CopySource={"Bucket": bucket, "Key": "src"})
        self.assertEqual(as_pairs(self.direct[0].get_object_tagging(Bucket=bucket, Key="copied")),
                         [("a", "1"), ("b", "2")])
        self.assertEqual(self.direct[0].get_object(Bucket=bucket, Key="copied")["Body"].read(), b"from moto")
        self.s3.copy_object(Bucket=bucket, Key="replaced", CopySource={"Bucket": bucket, "Key": "src"},
                            TaggingDirective="REPLACE", Tagging="c=3")
        self.assertEqual(as_pairs(self.direct[0].get_object_tagging(Bucket=bucket, Key="replaced")), [("c", "3")])
        self.direct[1].put_object(Bucket=bucket, Key="untagged", Body=b"u")
        self.s3.copy_object(Bucket=bucket, Key="plain", CopySource={"Bucket": bucket, "Key": "untagged"})
        self.assertEqual(self.direct[0].get_object_tagging(Bucket=bucket, Key="plain")["TagSet"], [])
        head = self.direct[0].head_object(Bucket=bucket, Key="plain")
        self.assertIsNone(tagging_count(head), "a relayed tag count must not be stored as a header")

    def test_tag_writes_go_to_the_primary(self):
        bucket = self.bucket_everywhere()
        self.s3.put_object(Bucket=bucket, Key="p", Body=b"p", Tagging="at=put")
        self.assertEqual(as_pairs(self.direct[0].get_object_tagging(Bucket=bucket, Key="p")), [("at", "put")],
                         "x-amz-tagging must reach the primary through the S3 backend")
        self.s3.put_object_tagging(Bucket=bucket, Key="p", Tagging=tag_set([("at", "tagging"), ("b", "")]))
        self.assertEqual(as_pairs(self.direct[0].get_object_tagging(Bucket=bucket, Key="p")),
                         [("at", "tagging"), ("b", "")])
        self.assertEqual(as_pairs(self.s3.get_object_tagging(Bucket=bucket, Key="p")), [("at", "tagging"), ("b", "")])
        self.s3.copy_object(Bucket=bucket, Key="q", CopySource={"Bucket": bucket, "Key": "p"},
                            TaggingDirective="REPLACE", Tagging="copied=replaced")
        self.assertEqual(as_pairs(self.direct[0].get_object_tagging(Bucket=bucket, Key="q")),
                         [("copied", "replaced")])
        self.s3.delete_object_tagging(Bucket=bucket, Key="p")
        self.assertEqual(self.direct[0].get_object_tagging(Bucket=bucket, Key="p")["TagSet"], [])
        self.assertFalse(self.direct[1].list_objects_v2(Bucket=bucket).get("Contents"),
                         "nothing may be written to the fallback")


if __name__ == "__main__":
    harness.main()
