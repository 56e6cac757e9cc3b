"""Hostile requests against the real binary, sent byte for byte over raw sockets where no client
would send them: response header injection (CR/LF in response-* overrides and in stored
metadata), a '+' / %2B swap in a signed URL, a credential scope for another region or service,
undeclared aws-chunked trailers and aws-chunked bodies longer than they declared. Requests are
signed here with a small SigV4 implementation ("Authenticating Requests (AWS Signature Version
4)", S3 API reference), so that exactly the bytes under test are signed and sent."""

import base64
import datetime
import hashlib
import hmac
import os
import socket
import sys
import urllib.parse
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

RESPONSE_OVERRIDES = ["response-content-disposition", "response-content-type",
                      "response-content-language", "response-expires", "response-cache-control",
                      "response-content-encoding"]
INJECTED = "Set-Cookie: injected=1"


def uri_encode(text, safe=""):
    """UriEncode() of the S3 API reference: every byte but A-Z a-z 0-9 - . _ ~ as %XY."""
    return urllib.parse.quote(text, safe="-_.~" + safe)


def canonical_query(raw_query):
    """The canonical query S3 computes: decode ('+' is a space), encode, sort."""
    pairs = []
    for piece in raw_query.split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        pairs.append((uri_encode(urllib.parse.unquote_plus(name)),
                      uri_encode(urllib.parse.unquote_plus(value))))
    return "&".join("{}={}".format(n, v) for n, v in sorted(pairs))


class Signer:
    def __init__(self, access_key, secret_key, region, service="s3"):
        self.access_key, self.secret_key = access_key, secret_key
        self.region, self.service = region, service

    def _key(self, day):
        k = hmac.new(("AWS4" + self.secret_key).encode(), day.encode(), hashlib.sha256).digest()
        for part in (self.region, self.service, "aws4_request"):
            k = hmac.new(k, part.encode(), hashlib.sha256).digest()
        return k

    def _signature(self, amz_date, canonical):
        scope = "{}/{}/{}/aws4_request".format(amz_date[:8], self.region, self.service)
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                             hashlib.sha256(canonical.encode("latin-1")).hexdigest()])
        return scope, hmac.new(self._key(amz_date[:8]), to_sign.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def now():
        return datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")

    def sign_headers(self, method, path, raw_query, headers, payload_hash):
        """headers: list of (name, value) as they will be sent; returns them plus the auth ones."""
        amz_date = self.now()
        headers = list(headers) + [("x-amz-date", amz_date), ("x-amz-content-sha256", payload_hash)]
        names = sorted({n.lower() for n, _ in headers})
        canon_headers = "".join("{}:{}\n".format(n, ",".join(
            " ".join(v.split()) for k, v in headers if k.lower() == n)) for n in names)
        canonical = "\n".join([method, path, canonical_query(raw_query), canon_headers,
                               ";".join(names), payload_hash])
        scope, sig = self._signature(amz_date, canonical)
        auth = "AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}".format(
            self.access_key, scope, ";".join(names), sig)
        return headers + [("Authorization", auth)]

    def presign(self, method, host, path, raw_query, expires=300):
        """A presigned target (path?query) for `raw_query` exactly as given."""
        amz_date = self.now()
        cred = "{}/{}/{}/{}/aws4_request".format(self.access_key, amz_date[:8], self.region,
                                                 self.service)
        auth_query = ("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={}&X-Amz-Date={}"
                      "&X-Amz-Expires={}&X-Amz-SignedHeaders=host").format(
                          uri_encode(cred), amz_date, expires)
        query = (raw_query + "&" if raw_query else "") + auth_query
        canonical = "\n".join([method, path, canonical_query(query), "host:{}\n".format(host),
                               "host", "UNSIGNED-PAYLOAD"])
        _, sig = self._signature(amz_date, canonical)
        return "{}?{}&X-Amz-Signature={}".format(path, query, sig)


def raw_exchange(hostport, head, body=b"", timeout=30):
    """Sends `head` (bytes, without the final CRLF CRLF) and `body`; returns (status, head
    lines, body bytes) of the answer, read until the connection closes."""
    host, port = hostport.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(head + b"\r\nConnection: close\r\n\r\n" + body)
        data = b""
        deadline = harness.Deadline(timeout)
        while not deadline.expired():
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head_bytes, _, rest = data.partition(b"\r\n\r\n")
    lines = head_bytes.split(b"\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith(b"HTTP/") else 0
    return status, lines[1:], rest


class HostileS3Test(harness.IntegrationTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bucket = harness.unique_bucket("hostile")
        cls.s3.create_bucket(Bucket=cls.bucket)
        cls.s3.put_object(Bucket=cls.bucket, Key="obj", Body=b"payload")
        cls.hostport = cls.server.endpoint.split("://", 1)[1]
        cls.signer = Signer(cls.server.access_key, cls.server.secret_key, cls.server.region)

    # --- helpers ---------------------------------------------------------------------------
    def send(self, method, path, raw_query="", headers=(), body=b"", payload_hash=None,
             signer=None):
        signer = signer or self.signer
        headers = [("Host", self.hostport)] + list(headers)
        if body:
            headers.append(("Content-Length", str(len(body))))
        signed = signer.sign_headers(method, path, raw_query, headers,
                                     payload_hash or hashlib.sha256(body).hexdigest())
        target = path + ("?" + raw_query if raw_query else "")
        head = "{} {} HTTP/1.1\r\n".format(method, target).encode("latin-1")
        head += b"\r\n".join("{}: {}".format(n, v).encode("latin-1") for n, v in signed)
        return raw_exchange(self.hostport, head, body)

    def get_target(self, target):
        head = "GET {} HTTP/1.1\r\nHost: {}".format(target, self.hostport).encode("latin-1")
        return raw_exchange(self.hostport, head)

    def header(self, lines, name):
        for line in lines:
            n, _, v = line.partition(b":")
            if n.strip().lower() == name.lower().encode():
                return v.strip().decode("latin-1")
        return None

    def assert_error(self, answer, status, code, message_part=None):
        got_status, lines, body = answer
        self.assertEqual(got_status, status, "head {!r} body {!r}".format(lines, body[:400]))
        got_code, message, request_id = harness.parse_error_xml(body)
        self.assertEqual(got_code, code, body[:400])
        self.assertTrue(message and request_id, body[:400])
        if message_part:
            self.assertIn(message_part, message)
        return message

    def assert_no_injection(self, lines):
        for line in lines:
            name = line.partition(b":")[0].strip().lower()
            self.assertNotEqual(name, b"set-cookie", "injected header line: {!r}".format(lines))
            self.assertNotIn(b"\r", line)
            self.assertNotIn(b"\n", line)
            self.assertNotIn(b"\0", line)

    # --- response header injection ---------------------------------------------------------
    def test_crlf_in_every_response_override(self):
        for param in RESPONSE_OVERRIDES:
            for crlf in ("\r\n", "\n", "\r"):
                with self.subTest(param=param, crlf=repr(crlf)):
                    query = "{}={}".format(param, uri_encode("x" + crlf + INJECTED))
                    target = self.signer.presign("GET", self.hostport, "/{}/obj".format(self.bucket),
                                                 query)
                    answer = self.get_target(target)
                    self.assertNotEqual(self.header(answer[1], "Set-Cookie"), "injected=1")
                    self.assert_no_injection(answer[1])
                    self.assert_error(answer, 400, "InvalidArgument", param)

    def test_response_override_without_crlf_still_works(self):
        target = self.signer.presign("GET", self.hostport, "/{}/obj".format(self.bucket),
                                     "response-content-disposition=" +
                                     uri_encode('attachment; filename="a b.txt"'))
        status, lines, body = self.get_target(target)
        self.assertEqual((status, body), (200, b"payload"))
        self.assertEqual(self.header(lines, "Content-Disposition"), 'attachment; filename="a b.txt"')

    def test_crlf_in_metadata_on_put(self):
        # No client sends these; the raw bytes go out as they are. Whatever the parser or the
        # S3 layer makes of them, nothing may come back as a header of the client's choosing.
        # (x-amz-meta-* lines go unsigned here, which alone is a 403; the stored content
        # headers need no signature.)
        cases = {}
        for header in ("x-amz-meta-a", "Content-Disposition", "Cache-Control", "Content-Type",
                       "Content-Language", "Expires"):
            for sep, sep_name in ((b"\r\n ", "folded"), (b"\r\n\t", "folded-tab"), (b"\r", "bare-cr"),
                                  (b"\0", "nul")):
                cases["{}-{}".format(header, sep_name)] = header.encode() + b": v" + sep + INJECTED.encode()
        for name, line in cases.items():
            with self.subTest(case=name):
                key = "meta-" + name
                path = "/{}/{}".format(self.bucket, key)
                base = [("Host", self.hostport), ("Content-Length", "1")]
                signed = self.signer.sign_headers("PUT", path, "", base, "UNSIGNED-PAYLOAD")
                head = "PUT {} HTTP/1.1\r\n".format(path).encode()
                head += b"\r\n".join("{}: {}".format(n, v).encode() for n, v in signed)
                head += b"\r\n" + line
                status, lines, body = raw_exchange(self.hostport, head, b"x")
                self.assert_no_injection(lines)
                self.assertIn(status, (200, 400, 403), body[:300])
                if status == 200:
                    # Stored: then the value holds no CR/LF and a GET shows no injected header.
                    got = self.send("GET", path)
                    self.assertEqual(got[0], 200)
                    self.assert_no_injection(got[1])
                    self.assertIsNone(self.header(got[1], "Set-Cookie"))

    # --- one decoding of the query ---------------------------------------------------------
    def test_plus_and_escaped_plus_cannot_be_swapped(self):
        path = "/{}/obj".format(self.bucket)
        # Signed as %2B: the value is "a+b".
        target = self.signer.presign("GET", self.hostport, path,
                                     "response-content-disposition=a%2Bb")
        status, lines, _ = self.get_target(target)
        self.assertEqual(status, 200)
        self.assertEqual(self.header(lines, "Content-Disposition"), "a+b")
        # The same URL with a raw '+' would mean "a b": that is not what was signed.
        swapped = target.replace("a%2Bb", "a+b")
        self.assertNotEqual(swapped, target)
        answer = self.get_target(swapped)
        self.assertNotEqual(self.header(answer[1], "Content-Disposition"), "a b")
        self.assert_error(answer, 403, "SignatureDoesNotMatch")
        # Signed as a space (%20): a raw '+' is the same value, and the handler sees that value.
        target = self.signer.presign("GET", self.hostport, path,
                                     "response-content-disposition=a%20b")
        status, lines, _ = self.get_target(target.replace("a%20b", "a+b"))
        self.assertEqual(status, 200)
        self.assertEqual(self.header(lines, "Content-Disposition"), "a b")
        # ... and %2B in place of the signed space is refused.
        self.assert_error(self.get_target(target.replace("a%20b", "a%2Bb")), 403,
                          "SignatureDoesNotMatch")

    def test_plus_swap_in_a_header_signed_listing(self):
        key = "p+q"
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"1")
        status, _, body = self.send("GET", "/" + self.bucket, "list-type=2&prefix=p%2Bq")
        self.assertEqual(status, 200)
        self.assertIn(b"<Key>p+q</Key>", body)
        # Sent with the query changed from %2B to '+' after signing: refused.
        signed = self.signer.sign_headers("GET", "/" + self.bucket, "list-type=2&prefix=p%2Bq",
                                          [("Host", self.hostport)], hashlib.sha256(b"").hexdigest())
        head = "GET /{}?list-type=2&prefix=p+q HTTP/1.1\r\n".format(self.bucket).encode()
        head += b"\r\n".join("{}: {}".format(n, v).encode() for n, v in signed)
        self.assert_error(raw_exchange(self.hostport, head), 403, "SignatureDoesNotMatch")

    # --- credential scope ------------------------------------------------------------------
    def test_wrong_region_in_authorization_header(self):
        other = Signer(self.server.access_key, self.server.secret_key, "eu-west-1")
        answer = self.send("GET", "/{}/obj".format(self.bucket), signer=other)
        self.assert_error(answer, 400, "AuthorizationHeaderMalformed",
                          "the region 'eu-west-1' is wrong; expecting '{}'".format(self.server.region))

    def test_wrong_region_in_presigned_url(self):
        other = Signer(self.server.access_key, self.server.secret_key, "eu-west-1")
        target = other.presign("GET", self.hostport, "/{}/obj".format(self.bucket), "")
        self.assert_error(self.get_target(target), 400, "AuthorizationQueryParametersError",
                          "Error parsing the X-Amz-Credential parameter; the region 'eu-west-1' is "
                          "wrong; expecting '{}'".format(self.server.region))

    def test_wrong_service(self):
        other = Signer(self.server.access_key, self.server.secret_key, self.server.region, "ec2")
        self.assert_error(self.send("GET", "/{}/obj".format(self.bucket), signer=other), 400,
                          "AuthorizationHeaderMalformed", 'incorrect service "ec2"')
        target = other.presign("GET", self.hostport, "/{}/obj".format(self.bucket), "")
        self.assert_error(self.get_target(target), 400, "AuthorizationQueryParametersError",
                          'incorrect service "ec2"')

    def test_right_scope_still_reads(self):
        status, _, body = self.send("GET", "/{}/obj".format(self.bucket))
        self.assertEqual((status, body), (200, b"payload"))

    # --- aws-chunked -----------------------------------------------------------------------
    def put_unsigned_trailer(self, key, chunks, trailers, declared_trailer, decoded_length):
        body = b""
        for chunk in chunks:
            body += "{:x}\r\n".format(len(chunk)).encode() + chunk + b"\r\n"
        body += b"0\r\n" + b"".join(n + b":" + v + b"\r\n" for n, v in trailers) + b"\r\n"
        headers = [("Content-Encoding", "aws-chunked"),
                   ("x-amz-decoded-content-length", str(decoded_length))]
        if declared_trailer:
            headers.append(("x-amz-trailer", declared_trailer))
        return self.send("PUT", "/{}/{}".format(self.bucket, key), headers=headers, body=body,
                         payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")

    @staticmethod
    def crc32(data):
        return base64.b64encode(zlib.crc32(data).to_bytes(4, "big"))

    def test_declared_trailer_accepted(self):
        status, _, body = self.put_unsigned_trailer(
            "trailer-ok", [b"abc"], [(b"x-amz-checksum-crc32", self.crc32(b"abc"))],
            "x-amz-checksum-crc32", 3)
        self.assertEqual(status, 200, body[:300])

    def test_undeclared_trailers_refused(self):
        crc = (b"x-amz-checksum-crc32", self.crc32(b"abc"))
        cases = {
            "extra header": ([crc, (b"x-amz-meta-injected", b"1")], "x-amz-checksum-crc32"),
            "nothing declared": ([(b"x-amz-meta-injected", b"1")], None),
            "undeclared checksum": ([crc], None),
            "duplicate": ([crc, crc], "x-amz-checksum-crc32"),
            "declared missing": ([], "x-amz-checksum-crc32"),
        }
        for name, (trailers, declared) in cases.items():
            with self.subTest(case=name):
                key = "trailer-" + name.replace(" ", "-")
                answer = self.put_unsigned_trailer(key, [b"abc"], trailers, declared, 3)
                self.assert_error(answer, 400, "MalformedTrailerError")
                self.assert_client_error(lambda: self.s3.head_object(Bucket=self.bucket, Key=key),
                                         "404")

    def test_aws_chunked_longer_than_declared(self):
        for name, chunks, declared in (("one chunk", [b"0123456789"], 3),
                                       ("second chunk", [b"012", b"3456789"], 3),
                                       ("shorter", [b"01"], 3)):
            with self.subTest(case=name):
                key = "chunked-" + name.replace(" ", "-")
                status, _, body = self.put_unsigned_trailer(key, chunks, [], None, declared)
                self.assertEqual(status, 400, body[:300])
                self.assertEqual(harness.parse_error_xml(body)[0], "IncompleteBody")
                self.assert_client_error(lambda: self.s3.head_object(Bucket=self.bucket, Key=key),
                                         "404")

    def test_declared_decoded_length_over_the_limit(self):
        answer = self.send("PUT", "/{}/huge".format(self.bucket),
                           headers=[("Content-Encoding", "aws-chunked"),
                                    ("x-amz-decoded-content-length", str(5 * 1024 ** 3 + 1))],
                           body=b"0\r\n\r\n", payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        self.assert_error(answer, 400, "EntityTooLarge")

    def test_decoded_length_outside_streaming_relaxes_nothing(self):
        # x-amz-decoded-content-length means something only with aws-chunked framing: a plain
        # 6 GiB Content-Length stays over the single PUT limit whatever that header says.
        path = "/{}/huge-plain".format(self.bucket)
        base = [("Host", self.hostport), ("Content-Length", str(6 * 1024 ** 3)),
                ("x-amz-decoded-content-length", "1")]
        signed = self.signer.sign_headers("PUT", path, "", base, "UNSIGNED-PAYLOAD")
        head = "PUT {} HTTP/1.1\r\n".format(path).encode()
        head += b"\r\n".join("{}: {}".format(n, v).encode() for n, v in signed)
        self.assert_error(raw_exchange(self.hostport, head, b"x" * 1024), 400, "EntityTooLarge")


if __name__ == "__main__":
    harness.main()
