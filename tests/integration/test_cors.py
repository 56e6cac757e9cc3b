"""CORS through the real binary: PutBucketCors / GetBucketCors / DeleteBucketCors with boto3,
raw preflights ("OPTIONS object": allowed, denied, malformed), the Access-Control-* headers on
actual requests (presigned and signed, success and error answers), the --cors-origin default
rule, Origin values that must never be echoed into a response head, and s3-multi over two S3
backends (each another s3cascade): reads cascade, writes go to the primary."""

import hashlib
import os
import sys

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import multi_harness  # noqa: E402
from test_hostile_s3 import Signer, raw_exchange  # noqa: E402

APP = "http://app.test"
RULES = [
    {"ID": "app", "AllowedOrigins": [APP], "AllowedMethods": ["GET", "PUT", "HEAD"],
     "AllowedHeaders": ["content-type", "x-amz-*"], "ExposeHeaders": ["ETag", "x-amz-request-id"],
     "MaxAgeSeconds": 600},
    {"AllowedOrigins": ["https://*.wild.test"], "AllowedMethods": ["GET"]},
]
NOT_ENABLED = "CORSResponse: CORS is not enabled for this bucket."


def cors_doc(rules_xml):
    return ('<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' + rules_xml +
            "</CORSConfiguration>").encode()


class CorsBase(harness.IntegrationTestCase):
    def url(self, bucket, key=""):
        return "{}/{}/{}".format(self.server.endpoint, bucket, key)

    def preflight(self, bucket, key="", origin=APP, method="PUT", headers=None):
        h = {}
        if origin is not None:
            h["Origin"] = origin
        if method is not None:
            h["Access-Control-Request-Method"] = method
        if headers is not None:
            h["Access-Control-Request-Headers"] = headers
        return requests.options(self.url(bucket, key), headers=h, timeout=30)

    def assert_denied(self, response, message_start="CORSResponse: This CORS request is not allowed"):
        self.assert_s3_error(response, 403, "AccessForbidden")
        _, message, _ = harness.parse_error_xml(response.content)
        self.assertTrue(message.startswith(message_start), message)
        self.assertNotIn("Access-Control-Allow-Origin", response.headers)

    def presigned(self, method, bucket, key):
        return self.s3.generate_presigned_url(method, Params={"Bucket": bucket, "Key": key},
                                              ExpiresIn=300)


class CorsApiTest(CorsBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bucket = harness.unique_bucket("cors")
        cls.s3.create_bucket(Bucket=cls.bucket)
        cls.s3.put_bucket_cors(Bucket=cls.bucket, CORSConfiguration={"CORSRules": RULES})
        cls.s3.put_object(Bucket=cls.bucket, Key="obj", Body=b"payload")
        cls.hostport = cls.server.hostport
        cls.signer = Signer(cls.server.access_key, cls.server.secret_key, cls.server.region)

    def signed(self, method, path, raw_query="", headers=(), body=b""):
        headers = [("Host", self.hostport)] + list(headers)
        if body:
            headers.append(("Content-Length", str(len(body))))
        signed = self.signer.sign_headers(method, path, raw_query, headers,
                                          hashlib.sha256(body).hexdigest())
        head = "{} {}{} HTTP/1.1\r\n".format(method, path, "?" + raw_query if raw_query else "")
        head = head.encode("latin-1") + b"\r\n".join(
            "{}: {}".format(n, v).encode("latin-1") for n, v in signed)
        return raw_exchange(self.hostport, head, body)

    # --- the ?cors sub-resource -----------------------------------------------------------
    def test_get_returns_the_rules(self):
        got = self.s3.get_bucket_cors(Bucket=self.bucket)["CORSRules"]
        self.assertEqual(len(got), 2)
        self.assertEqual(got[0]["ID"], "app")
        self.assertEqual(got[0]["AllowedOrigins"], [APP])
        self.assertEqual(got[0]["AllowedMethods"], ["GET", "PUT", "HEAD"])
        self.assertEqual(got[0]["AllowedHeaders"], ["content-type", "x-amz-*"])
        self.assertEqual(got[0]["ExposeHeaders"], ["ETag", "x-amz-request-id"])
        self.assertEqual(got[0]["MaxAgeSeconds"], 600)
        self.assertEqual(got[1]["AllowedOrigins"], ["https://*.wild.test"])
        self.assertNotIn("MaxAgeSeconds", got[1])

    def test_missing_configuration_and_bucket(self):
        bucket = self.new_bucket()
        self.assert_client_error(lambda: self.s3.get_bucket_cors(Bucket=bucket),
                                 "NoSuchCORSConfiguration", 404)
        self.assert_client_error(lambda: self.s3.get_bucket_cors(Bucket=bucket + "-missing"),
                                 "NoSuchBucket", 404)
        self.assert_client_error(
            lambda: self.s3.put_bucket_cors(Bucket=bucket + "-missing",
                                            CORSConfiguration={"CORSRules": RULES}),
            "NoSuchBucket", 404)

    def test_delete(self):
        bucket = self.new_bucket()
        self.s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": RULES})
        self.assertEqual(self.preflight(bucket, "k").status_code, 200)
        r = self.s3.delete_bucket_cors(Bucket=bucket)
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assert_client_error(lambda: self.s3.get_bucket_cors(Bucket=bucket),
                                 "NoSuchCORSConfiguration", 404)
        # Seen by the preflight at once (the gateway's own cache is invalidated).
        self.assert_denied(self.preflight(bucket, "k"), NOT_ENABLED)
        r = self.s3.delete_bucket_cors(Bucket=bucket)
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 204)

    def test_replaced_rules_apply_at_once(self):
        bucket = self.new_bucket()
        self.s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["http://one.test"], "AllowedMethods": ["GET"]}]})
        self.assertEqual(self.preflight(bucket, origin="http://one.test", method="GET").status_code, 200)
        self.s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["http://two.test"], "AllowedMethods": ["GET"]}]})
        self.assert_denied(self.preflight(bucket, origin="http://one.test", method="GET"))
        self.assertEqual(self.preflight(bucket, origin="http://two.test", method="GET").status_code, 200)

    def test_malformed_configurations(self):
        bucket = self.new_bucket()
        rule = "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>"
        cases = [
            (b"not xml at all", 400, "MalformedXML"),
            (cors_doc(""), 400, "MalformedXML"),
            (cors_doc("<CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule>"), 400, "MalformedXML"),
            (cors_doc(rule * 101), 400, "MalformedXML"),
            (cors_doc(rule.replace("<AllowedMethod>GET", "<Colour>red</Colour><AllowedMethod>GET")),
             400, "MalformedXML"),
            (cors_doc(rule.replace("GET", "PATCH")), 400, "InvalidRequest"),
            (cors_doc(rule.replace("<AllowedOrigin>*", "<AllowedOrigin>http://*.*")), 400, "InvalidRequest"),
            (cors_doc(rule * 2) + b"<!--" + b"x" * (70 * 1024) + b"-->", 400, "MalformedXML"),
        ]
        for body, status, code in cases:
            with self.subTest(body=body[:80]):
                got, _, reply = self.signed("PUT", "/" + bucket, "cors", body=body)
                self.assertEqual(got, status, reply[:300])
                self.assertEqual(harness.parse_error_xml(reply)[0], code, reply[:300])
        # Nothing was stored by any of them.
        self.assert_client_error(lambda: self.s3.get_bucket_cors(Bucket=bucket),
                                 "NoSuchCORSConfiguration", 404)
        # 100 rules are fine.
        got, _, reply = self.signed("PUT", "/" + bucket, "cors", body=cors_doc(rule * 100))
        self.assertEqual(got, 200, reply[:300])
        self.assertEqual(len(self.s3.get_bucket_cors(Bucket=bucket)["CORSRules"]), 100)

    def test_cors_on_an_object_is_not_the_object(self):
        got, _, reply = self.signed("GET", "/{}/obj".format(self.bucket), "cors")
        self.assertEqual(got, 501, reply[:300])
        self.assertNotIn(b"payload", reply)

    def test_configuration_is_no_object_and_goes_with_the_bucket(self):
        bucket = self.new_bucket()
        self.s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": RULES})
        self.assertEqual(self.s3.list_objects_v2(Bucket=bucket)["KeyCount"], 0)
        names = [b["Name"] for b in self.s3.list_buckets()["Buckets"]]
        self.assertIn(bucket, names)
        self.assertFalse([n for n in names if n.startswith(".")], names)
        self.assertEqual(os.listdir(os.path.join(self.server.data_dir, bucket)), [])
        self.assertTrue(os.path.isfile(os.path.join(self.server.data_dir, ".s3cascade", "buckets",
                                                    bucket, "cors.xml")))
        self.assertEqual(self.preflight(bucket, "k").status_code, 200)  # now cached
        self.s3.delete_bucket(Bucket=bucket)
        self.assert_denied(self.preflight(bucket, "k"), NOT_ENABLED)
        self.s3.create_bucket(Bucket=bucket)
        self.assert_client_error(lambda: self.s3.get_bucket_cors(Bucket=bucket),
                                 "NoSuchCORSConfiguration", 404)
        self.assert_denied(self.preflight(bucket, "k"), NOT_ENABLED)

    # --- preflight --------------------------------------------------------------------------
    def test_preflight_allowed(self):
        r = self.preflight(self.bucket, "obj", method="PUT", headers="Content-Type, X-Amz-Date")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], APP)
        self.assertEqual(r.headers["Access-Control-Allow-Methods"], "GET, PUT, HEAD")
        self.assertEqual(r.headers["Access-Control-Allow-Headers"], "content-type, x-amz-date")
        self.assertEqual(r.headers["Access-Control-Max-Age"], "600")
        self.assertEqual(r.headers["Access-Control-Expose-Headers"], "ETag, x-amz-request-id")
        self.assertEqual(r.headers["Vary"],
                         "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
        self.assertEqual(r.content, b"")
        # Nothing about the object: no ETag, size or metadata.
        self.assertNotIn("ETag", r.headers)
        self.assertNotIn("Last-Modified", r.headers)

    def test_preflight_wildcard_origin_and_bucket_level(self):
        r = self.preflight(self.bucket, method="GET", origin="https://a.wild.test")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], "https://a.wild.test")
        self.assert_denied(self.preflight(self.bucket, method="GET", origin="https://wild.test"))

    def test_preflight_denied(self):
        self.assert_denied(self.preflight(self.bucket, "obj", origin="http://evil.test"))
        self.assert_denied(self.preflight(self.bucket, "obj", method="DELETE"))
        self.assert_denied(self.preflight(self.bucket, "obj", headers="authorization"))
        self.assert_denied(self.preflight(self.bucket, "obj", headers="content type"))
        plain = self.new_bucket()
        self.assert_denied(self.preflight(plain, "obj"), NOT_ENABLED)
        # A bucket that does not exist looks like one without rules: no 404 to probe names with.
        self.assert_denied(self.preflight(plain + "-missing", "obj"), NOT_ENABLED)

    def test_preflight_malformed(self):
        self.assert_s3_error(self.preflight(self.bucket, "obj", origin=None), 400, "BadRequest")
        self.assert_s3_error(self.preflight(self.bucket, "obj", method=None), 400, "BadRequest")
        self.assert_s3_error(self.preflight(self.bucket, "obj", method="PATCH"), 400, "BadRequest")
        self.assert_s3_error(self.preflight(self.bucket, "obj", method="get"), 400, "BadRequest")

    # --- actual requests ----------------------------------------------------------------------
    def test_headers_on_presigned_get_and_put(self):
        r = requests.put(self.presigned("put_object", self.bucket, "from-page"), data=b"page bytes",
                         headers={"Origin": APP}, timeout=30)
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], APP)
        self.assertEqual(r.headers["Access-Control-Expose-Headers"], "ETag, x-amz-request-id")
        self.assertEqual(r.headers["Vary"], "Origin")
        r = requests.get(self.presigned("get_object", self.bucket, "from-page"),
                         headers={"Origin": APP}, timeout=30)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.content, b"page bytes")
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], APP)
        self.assertIn("ETag", r.headers)

    def test_headers_on_signed_request(self):
        got, head, body = self.signed("GET", "/{}/obj".format(self.bucket), headers=[("Origin", APP)])
        self.assertEqual(got, 200)
        self.assertEqual(body, b"payload")
        self.assertIn(b"Access-Control-Allow-Origin: " + APP.encode(), head)

    def test_headers_on_errors(self):
        r = requests.get(self.presigned("get_object", self.bucket, "no-such-key"),
                         headers={"Origin": APP}, timeout=30)
        self.assert_s3_error(r, 404, "NoSuchKey")
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], APP)
        # Not signed at all: 403, still readable by the page.
        r = requests.get(self.url(self.bucket, "obj"), headers={"Origin": APP}, timeout=30)
        self.assertEqual(r.status_code, 403)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], APP)
        self.assertNotIn(b"payload", r.content)

    def test_other_origin_gets_no_allow_origin(self):
        r = requests.get(self.presigned("get_object", self.bucket, "obj"),
                         headers={"Origin": "http://evil.test"}, timeout=30)
        self.assertEqual(r.status_code, 200)
        self.assertNotIn("Access-Control-Allow-Origin", r.headers)
        self.assertEqual(r.headers["Vary"], "Origin")
        # DELETE is not among the rule's methods.
        r = requests.delete(self.presigned("delete_object", self.bucket, "gone"),
                            headers={"Origin": APP}, timeout=30)
        self.assertEqual(r.status_code, 204)
        self.assertNotIn("Access-Control-Allow-Origin", r.headers)

    def test_unsafe_origin_never_echoed(self):
        bucket = self.new_bucket()
        self.s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"], "AllowedHeaders": ["*"]},
            {"AllowedOrigins": ["http://*"], "AllowedMethods": ["PUT"]}]})
        self.s3.put_object(Bucket=bucket, Key="k", Body=b"x")
        target = self.presigned("get_object", bucket, "k").split(self.hostport, 1)[1]
        hostile = [b"http://a\rSet-Cookie: injected=1", b"http://a\x00Set-Cookie: injected=1",
                   b"http://a Set-Cookie: injected=1", b'http://a"<b>', b"http://a, http://b",
                   b"http://a\r\n Set-Cookie: injected=1"]
        for origin in hostile:
            for method, extra in ((b"GET", b""), (b"OPTIONS", b"\r\nAccess-Control-Request-Method: PUT")):
                with self.subTest(origin=origin, method=method):
                    head = (method + b" " + target.encode() + b" HTTP/1.1\r\nHost: " +
                            self.hostport.encode() + b"\r\nOrigin: " + origin + extra)
                    status, lines, _ = raw_exchange(self.hostport, head)
                    self.assertNotEqual(status, 0)
                    for line in lines:
                        self.assertFalse(line.lower().startswith(b"set-cookie"), lines)
                        if line.lower().startswith(b"access-control-allow-origin"):
                            self.assertNotIn(b"http://a", line, lines)
        # The same request with a clean origin is allowed: the rules did match.
        status, lines, _ = raw_exchange(self.hostport, b"GET " + target.encode() + b" HTTP/1.1\r\nHost: " +
                                        self.hostport.encode() + b"\r\nOrigin: http://a")
        self.assertEqual(status, 200)
        self.assertIn(b"Access-Control-Allow-Origin: *", lines)


class DefaultOriginTest(CorsBase):
    server_kwargs = {"extra_args": ["--cors-origin", "http://default.test",
                                    "--cors-origin", "http://*.other.test"]}

    def test_default_rule_for_buckets_without_configuration(self):
        bucket = self.new_bucket()
        self.s3.put_object(Bucket=bucket, Key="k", Body=b"x")
        r = self.preflight(bucket, "k", origin="http://default.test", method="DELETE",
                           headers="content-type, x-anything")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], "http://default.test")
        self.assertEqual(r.headers["Access-Control-Allow-Methods"], "GET, PUT, POST, DELETE, HEAD")
        self.assertEqual(self.preflight(bucket, "k", origin="http://a.other.test").status_code, 200)
        self.assert_denied(self.preflight(bucket, "k", origin="http://elsewhere.test"))
        r = requests.get(self.presigned("get_object", bucket, "k"),
                         headers={"Origin": "http://default.test"}, timeout=30)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], "http://default.test")
        self.assertEqual(r.headers["Access-Control-Expose-Headers"], "ETag")
        # A 404 for a bucket that does not exist is readable too.
        r = requests.get(self.presigned("get_object", bucket + "-missing", "k"),
                         headers={"Origin": "http://default.test"}, timeout=30)
        self.assert_s3_error(r, 404, "NoSuchBucket")
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], "http://default.test")

    def test_own_configuration_wins(self):
        bucket = self.new_bucket()
        self.s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["http://own.test"], "AllowedMethods": ["GET"]}]})
        self.assert_denied(self.preflight(bucket, "k", origin="http://default.test", method="GET"))
        self.assertEqual(self.preflight(bucket, "k", origin="http://own.test", method="GET").status_code, 200)

    def test_invalid_option_value(self):
        cp = harness.run([self.server.binary, "--no-gui", "--cors-origin", "http://*.*", "posix",
                          self.server.data_dir], check=False, timeout=30)
        self.assertNotEqual(cp.returncode, 0)
        self.assertIn(b"--cors-origin", cp.stdout + cp.stderr)


class MultiCorsTest(multi_harness.MultiTestCase):
    backend_names = ["primary", "fallback"]

    @classmethod
    def make_backends(cls):
        return [multi_harness.PosixGateway(), multi_harness.PosixGateway()]

    def rules_for(self, origin):
        return {"CORSRules": [{"AllowedOrigins": [origin], "AllowedMethods": ["GET"]}]}

    def origins(self, client, bucket):
        return [r["AllowedOrigins"][0] for r in client.get_bucket_cors(Bucket=bucket)["CORSRules"]]

    def test_reads_cascade_writes_go_to_the_primary(self):
        bucket = self.bucket_everywhere()
        self.direct[1].put_bucket_cors(Bucket=bucket, CORSConfiguration=self.rules_for("http://fallback.test"))
        self.assertEqual(self.origins(self.s3, bucket), ["http://fallback.test"])
        r = requests.options("{}/{}/k".format(self.gateway.endpoint, bucket), timeout=30,
                             headers={"Origin": "http://fallback.test", "Access-Control-Request-Method": "GET"})
        self.assertEqual(r.status_code, 200, r.content)

        self.s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=self.rules_for("http://primary.test"))
        self.assertEqual(self.origins(self.direct[0], bucket), ["http://primary.test"])
        self.assertEqual(self.origins(self.direct[1], bucket), ["http://fallback.test"])
        self.assertEqual(self.origins(self.s3, bucket), ["http://primary.test"])

        self.s3.delete_bucket_cors(Bucket=bucket)
        with self.assertRaises(Exception):
            self.direct[0].get_bucket_cors(Bucket=bucket)
        self.assertEqual(self.origins(self.s3, bucket), ["http://fallback.test"])

    def test_missing_everywhere(self):
        from botocore.exceptions import ClientError
        bucket = self.bucket_everywhere()
        for name, code in ((bucket, "NoSuchCORSConfiguration"), (bucket + "-nowhere", "NoSuchBucket")):
            with self.assertRaises(ClientError) as ctx:
                self.s3.get_bucket_cors(Bucket=name)
            self.assertEqual(ctx.exception.response["Error"]["Code"], code)
            self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)


if __name__ == "__main__":
    harness.main()
