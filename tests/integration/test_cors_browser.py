"""CORS with a real browser: Debian's chromium, driven headless through chromedriver and
python3-selenium, loads a page from a second loopback HTTP server (another port, so another
origin) whose script fetch()es a presigned PUT and then a presigned GET URL of the gateway and
writes what it got into the DOM. Allowed: the bytes come back and the exposed ETag is readable.
Denied (the bucket's rule names another origin): the browser refuses the fetch and nothing is
stored."""

import http.server
import json
import os
import shutil
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

try:
    import selenium  # noqa: F401
except ImportError:
    # Debian's python3-selenium is in the system interpreter's dist-packages, which a python3
    # from pyenv or a venv does not see. It is pure Python; appended, so that this
    # interpreter's own packages still come first.
    sys.path.append("/usr/lib/python3/dist-packages")

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PAGE_TIMEOUT = 60

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>cors</title></head>
<body><pre id="result"></pre>
<script>
(async () => {
  const out = document.getElementById("result");
  const report = (value) => { out.textContent = JSON.stringify(value); out.dataset.done = "1"; };
  try {
    const put = await fetch(%(put)s, {method: "PUT", body: %(body)s,
                                      headers: {"Content-Type": "text/plain"}});
    const etag = put.headers.get("ETag");
    const get = await fetch(%(get)s);
    report({put: put.status, etag: etag, get: get.status, body: await get.text()});
  } catch (e) {
    report({error: String(e)});
  }
})();
</script></body></html>
"""


class PageServer:
    """Serves one page per path from memory on a free loopback port, in a thread."""

    def __init__(self):
        pages = self.pages = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                page = pages.get(self.path)
                if page is None:
                    self.send_error(404)
                    return
                data = page.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = "http://127.0.0.1:{}".format(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def start_browser(profile):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            # A missing client fails, it is never skipped (installer/test-packages.txt).
            raise AssertionError("{} is not installed: installer/test-packages.txt lists chromium, "
                                 "chromium-driver and python3-selenium".format(path))
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


class CorsBrowserTest(harness.IntegrationTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pages = PageServer()
        cls.profile = tempfile.mkdtemp(prefix="s3c-chromium-")
        try:
            cls.driver = start_browser(cls.profile)
            cls.driver.set_page_load_timeout(PAGE_TIMEOUT)
        except BaseException:
            cls.pages.close()
            shutil.rmtree(cls.profile, ignore_errors=True)
            super().tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.driver.quit()
            cls.pages.close()
            shutil.rmtree(cls.profile, ignore_errors=True)
        finally:
            super().tearDownClass()

    def run_page(self, bucket, key, body):
        put = self.s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": key},
                                             ExpiresIn=600)
        get = self.s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key},
                                             ExpiresIn=600)
        path = "/" + self._testMethodName + ".html"
        self.pages.pages[path] = PAGE % {"put": json.dumps(put), "get": json.dumps(get),
                                         "body": json.dumps(body)}
        self.driver.get(self.pages.origin + path)
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
        element = WebDriverWait(self.driver, PAGE_TIMEOUT, poll_frequency=0.1).until(
            lambda d: d.find_element(By.CSS_SELECTOR, "#result[data-done='1']"))
        return json.loads(element.text)

    def test_page_puts_and_reads_back(self):
        bucket = self.new_bucket()
        self.s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": [self.pages.origin], "AllowedMethods": ["GET", "PUT"],
             "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"]}]})
        body = "written by a page at " + self.pages.origin
        result = self.run_page(bucket, "from-browser.txt", body)
        self.assertNotIn("error", result, result)
        self.assertEqual(result["put"], 200, result)
        self.assertEqual(result["get"], 200, result)
        self.assertEqual(result["body"], body)
        stored = self.s3.get_object(Bucket=bucket, Key="from-browser.txt")
        self.assertEqual(stored["Body"].read().decode(), body)
        # The ETag header was exposed to the script.
        self.assertEqual(result["etag"], stored["ETag"])

    def test_page_of_another_origin_is_refused(self):
        bucket = self.new_bucket()
        self.s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["http://elsewhere.test"], "AllowedMethods": ["GET", "PUT"],
             "AllowedHeaders": ["*"]}]})
        result = self.run_page(bucket, "denied.txt", "must not be stored")
        self.assertIn("error", result, result)
        self.assertIn("Failed to fetch", result["error"])
        # The preflight was refused, so the browser never sent the PUT.
        self.assert_client_error(lambda: self.s3.head_object(Bucket=bucket, Key="denied.txt"),
                                 "404", 404)


if __name__ == "__main__":
    harness.main()
