"""Graceful stop: SIGTERM/SIGINT while a download is in flight lets it finish byte-exact, then the
gateway exits 0; new connections are no longer served after the signal."""

import hashlib
import os
import signal
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import MIB  # noqa: E402

SIZE = 192 * MIB  # far beyond loopback socket buffers: the gateway must keep sending after the signal


@harness.gateway_only("graceful shutdown is s3cascade's contract")
class ShutdownTest(unittest.TestCase):

    def start_with_object(self):
        server = harness.GatewayServer()
        self.addCleanup(server.cleanup)
        server.start()
        client = server.boto3_client()
        bucket = harness.unique_bucket("shutdown")
        client.create_bucket(Bucket=bucket)
        # Written straight from memory in 8 MiB parts: deterministic content, hash known.
        from boto3.s3.transfer import TransferConfig
        import io
        block = os.urandom(MIB)
        data = block * (SIZE // MIB)
        client.upload_fileobj(io.BytesIO(data), bucket, "big.bin",
                              Config=TransferConfig(multipart_threshold=8 * MIB,
                                                    multipart_chunksize=8 * MIB))
        digest = hashlib.sha256(data).hexdigest()
        url = client.generate_presigned_url("get_object", Params={"Bucket": bucket,
                                                                  "Key": "big.bin"}, ExpiresIn=600)
        return server, url, digest

    def download_across_signal(self, signum):
        import requests
        server, url, digest = self.start_with_object()
        h = hashlib.sha256()
        got = 0
        with requests.get(url, stream=True, timeout=60) as r:
            self.assertEqual(r.status_code, 200)
            chunks = r.iter_content(chunk_size=256 * 1024)
            for chunk in chunks:
                h.update(chunk)
                got += len(chunk)
                if got >= 4 * MIB:
                    break
            server.proc.send_signal(signum)
            # While the transfer is still running the process must not be gone.
            self.assertIsNone(server.proc.poll(), "gateway exited before the download ended")
            for chunk in chunks:
                h.update(chunk)
                got += len(chunk)
        self.assertEqual(got, SIZE, "download cut short after the signal")
        self.assertEqual(h.hexdigest(), digest)
        try:
            rc = server.proc.wait(timeout=harness.STOP_TIMEOUT)
        except Exception:
            self.fail("gateway still running {}s after the download ended; log:\n{}".format(
                harness.STOP_TIMEOUT, server.log_tail()))
        self.assertEqual(rc, 0, "exit code after signal {}; log:\n{}".format(
            signum, server.log_tail()))
        port = int(server.endpoint.rsplit(":", 1)[1])
        with self.assertRaises(OSError, msg="the port still accepts after exit"):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()

    def test_sigterm_during_download(self):
        self.download_across_signal(signal.SIGTERM)

    def test_sigint_during_download(self):
        self.download_across_signal(signal.SIGINT)

    def test_sigterm_idle_exits_0(self):
        server = harness.GatewayServer()
        self.addCleanup(server.cleanup)
        server.start()
        self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    harness.main()
