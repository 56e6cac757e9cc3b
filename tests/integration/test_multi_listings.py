"""s3-multi listings (issue #3): ListObjects v1 and v2 over three real backends equal the sorted
union of their keys (deduplicated, the earlier backend's entry wins), with and without a
delimiter, page by page for max-keys 1, 2, 7 and 1000; walked with boto3 paginators and with raw
list_objects_v2 (ContinuationToken) and list_objects (Marker/NextMarker) calls.

ListObjectsV2: "KeyCount ... will always be less than or equal to the MaxKeys field"; keys and
CommonPrefixes together count against max-keys (S3 API Reference, ListObjectsV2)."""

import harness
from multi_harness import MultiTestCase

MAX_KEYS = (1, 2, 7, 1000)


def utf8_sorted(items):
    # S3 lists in UTF-8 binary order (ListObjectsV2: "returned in UTF-8 binary order").
    return sorted(items, key=lambda k: k.encode("utf-8"))


class MultiListingTest(MultiTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bucket = harness.unique_bucket("listings")
        for c in cls.direct:
            c.create_bucket(Bucket=cls.bucket)
        # '-' (0x2d) and '.' (0x2e) sort before '/' (0x2f) and '0' after: a merge that compares
        # prefixes and keys wrongly shows up at "a-b" / "a.b" / "a/" / "a0".
        per_backend = {
            0: ["a-b", "a/1", "a/3", "dup", "m/x/1", "z", "caf\u00e9"],
            1: ["a.b", "a/2", "a/3", "b", "dup", "m/y", "n", "only2/deep/k"],
            2: ["a0", "a/4", "b", "c/1", "c/2", "dup", "m/x/2", "\u00e9t\u00e9", "zz/top"],
        }
        cls.size = {}
        for i, keys in sorted(per_backend.items()):
            for k in keys:
                # The size says which backend's entry the listing returned (dedup by key).
                body = b"x" * (10 * (i + 1) + len(k))
                cls.direct[i].put_object(Bucket=cls.bucket, Key=k, Body=body)
                cls.size.setdefault(k, len(body))
        cls.keys = utf8_sorted(cls.size)

    def expected(self, delimiter, prefix=""):
        """(sorted entries, {key: size}) where entries are ('K', key) / ('P', prefix)."""
        entries = set()
        for k in self.keys:
            if not k.startswith(prefix):
                continue
            rest = k[len(prefix):]
            if delimiter and delimiter in rest:
                entries.add(("P", prefix + rest.split(delimiter, 1)[0] + delimiter))
            else:
                entries.add(("K", k))
        return sorted(entries, key=lambda e: e[1].encode("utf-8"))

    @staticmethod
    def page_entries(page):
        got = [("K", o["Key"]) for o in page.get("Contents", [])]
        got += [("P", p["Prefix"]) for p in page.get("CommonPrefixes", [])]
        return sorted(got, key=lambda e: e[1].encode("utf-8"))

    def check_page(self, page, max_keys, last):
        n = len(page.get("Contents", [])) + len(page.get("CommonPrefixes", []))
        self.assertLessEqual(n, max_keys, "page larger than max-keys")
        if not last:
            self.assertEqual(n, max_keys, "a page before the last one must be full")
        for o in page.get("Contents", []):
            self.assertEqual(o["Size"], self.size[o["Key"]],
                             "{}: the earlier backend's entry must win".format(o["Key"]))

    def walk_v2(self, max_keys, delimiter, prefix=""):
        args = {"Bucket": self.bucket, "MaxKeys": max_keys, "Prefix": prefix}
        if delimiter:
            args["Delimiter"] = delimiter
        got, token, pages = [], None, 0
        while True:
            r = self.s3.list_objects_v2(**args, **({"ContinuationToken": token} if token else {}))
            pages += 1
            self.assertLess(pages, 100, "pagination does not end")
            truncated = r["IsTruncated"]
            self.check_page(r, max_keys, not truncated)
            self.assertEqual(r["KeyCount"],
                             len(r.get("Contents", [])) + len(r.get("CommonPrefixes", [])))
            got += self.page_entries(r)
            if not truncated:
                self.assertNotIn("NextContinuationToken", r)
                return got
            token = r["NextContinuationToken"]

    def walk_v1(self, max_keys, delimiter, prefix=""):
        args = {"Bucket": self.bucket, "MaxKeys": max_keys, "Prefix": prefix}
        if delimiter:
            args["Delimiter"] = delimiter
        got, marker, pages = [], None, 0
        while True:
            r = self.s3.list_objects(**args, **({"Marker": marker} if marker else {}))
            pages += 1
            self.assertLess(pages, 100, "pagination does not end")
            truncated = r["IsTruncated"]
            self.check_page(r, max_keys, not truncated)
            entries = self.page_entries(r)
            got += entries
            if not truncated:
                return got
            # ListObjects v1: NextMarker is returned only with a delimiter; without one the
            # client continues from the last key (S3 API Reference, ListObjects, NextMarker).
            if delimiter:
                marker = r["NextMarker"]
                self.assertEqual(marker, entries[-1][1])
            else:
                marker = r.get("NextMarker") or r["Contents"][-1]["Key"]

    def walk_paginator(self, op, max_keys, delimiter, prefix=""):
        args = {"Bucket": self.bucket, "Prefix": prefix,
                "PaginationConfig": {"PageSize": max_keys}}
        if delimiter:
            args["Delimiter"] = delimiter
        got, pages = [], list(self.s3.get_paginator(op).paginate(**args))
        for n, page in enumerate(pages):
            self.check_page(page, max_keys, n == len(pages) - 1)
            got += self.page_entries(page)
        return got

    def check_all_walks(self, prefix=""):
        for delimiter in ("", "/"):
            want = self.expected(delimiter, prefix)
            self.assertTrue(want)
            for max_keys in MAX_KEYS:
                for name, walk in (("v2", lambda: self.walk_v2(max_keys, delimiter, prefix)),
                                   ("v1", lambda: self.walk_v1(max_keys, delimiter, prefix)),
                                   ("paginator v2", lambda: self.walk_paginator(
                                       "list_objects_v2", max_keys, delimiter, prefix)),
                                   ("paginator v1", lambda: self.walk_paginator(
                                       "list_objects", max_keys, delimiter, prefix))):
                    with self.subTest(walk=name, max_keys=max_keys, delimiter=delimiter,
                                      prefix=prefix):
                        self.assertEqual(walk(), want)

    def test_sorted_union_whole_bucket(self):
        self.check_all_walks()

    def test_sorted_union_under_prefix(self):
        self.check_all_walks(prefix="m/")
        self.check_all_walks(prefix="a")

    def test_start_after_and_listing_header(self):
        r = self.s3.list_objects_v2(Bucket=self.bucket, StartAfter="b", MaxKeys=1000)
        self.assertEqual([o["Key"] for o in r["Contents"]],
                         [k for k in self.keys if k.encode() > b"b"])
        headers = r["ResponseMetadata"]["HTTPHeaders"]
        self.assertIsNone(headers.get("x-s3cascade-partial-listing"))
        # The listing names the backends it holds entries from.
        served = set((headers.get("x-s3cascade-backend") or "").split(","))
        self.assertEqual(served, set(self.backend_names))

    def test_awscli_ls_recursive(self):
        cp = self.aws("s3", "ls", "--recursive", "s3://{}/".format(self.bucket))
        listed = [line.split(None, 3)[3] for line in cp.stdout.decode("utf-8").splitlines()
                  if line.strip()]
        self.assertEqual(listed, self.keys)


if __name__ == "__main__":
    harness.main()
