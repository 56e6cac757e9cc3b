"""Graceful drain for several instances behind a load balancer (issue #13): with --drain-delay S
a SIGTERM first leaves the gateway serving for S seconds, every answer closing its connection
(so a balancer's keep-alive pool moves to the other instances), and only then stops as without
it (listener closed, in-flight requests finish, exit 0)."""

import os
import signal
import socket
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Deadline  # noqa: E402

DELAY = 3


@harness.gateway_only("--drain-delay is s3cascade's")
class DrainTest(unittest.TestCase):

    def test_serves_through_the_delay_then_stops(self):
        import requests
        server = harness.GatewayServer(extra_args=["--drain-delay", str(DELAY)])
        self.addCleanup(server.cleanup)
        server.start()
        client = server.boto3_client()
        bucket = harness.unique_bucket("drain")
        client.create_bucket(Bucket=bucket)
        client.put_object(Bucket=bucket, Key="k", Body=b"payload")
        url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"},
                                            ExpiresIn=600)
        session = requests.Session()
        self.addCleanup(session.close)
        before = session.get(url, timeout=10)
        self.assertEqual(before.status_code, 200)
        self.assertNotEqual(before.headers.get("Connection", "").lower(), "close")

        signalled = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)

        # Still served, on the old keep-alive connection and on new ones, but each answer now
        # closes its connection.
        def closing_answer():
            r = session.get(url, timeout=10)
            self.assertEqual((r.status_code, r.content), (200, b"payload"))
            return r.headers.get("Connection", "").lower() == "close"

        Deadline(DELAY / 2).poll(closing_answer, "answers with Connection: close")
        fresh = requests.get(url, timeout=10, headers={"Connection": "keep-alive"})
        self.assertEqual((fresh.status_code, fresh.content), (200, b"payload"))
        self.assertEqual(fresh.headers.get("Connection", "").lower(), "close")
        self.assertIsNone(server.proc.poll(), "the gateway stopped before the drain delay")

        # Then it stops: the port refuses, the exit code is 0, not before the delay ran out.
        port = int(server.endpoint.rsplit(":", 1)[1])

        def refused():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return False
            except OSError:
                return True

        Deadline(DELAY + 15).poll(refused, "the listener to close after the delay")
        self.assertGreaterEqual(time.monotonic() - signalled, DELAY - 0.5,
                                "the listener closed before the drain delay ran out")
        self.assertEqual(server.proc.wait(timeout=harness.STOP_TIMEOUT), 0, server.log_tail())

    def test_readiness_turns_503_first(self):
        # Issue #13: the balancer's health check (/readyz) fails as soon as the drain starts,
        # while requests are still served.
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import test_admin
        server = harness.GatewayServer(extra_args=["--drain-delay", str(DELAY), "--admin", "127.0.0.1:0"])
        self.addCleanup(server.cleanup)
        server.start()
        admin = test_admin.admin_url(server)
        self.assertEqual(test_admin.request(admin, "GET", "/readyz")[0], 200)
        client = server.boto3_client()
        bucket = harness.unique_bucket("drainready")
        client.create_bucket(Bucket=bucket)
        server.proc.send_signal(signal.SIGTERM)
        status, _, body = test_admin.request(admin, "GET", "/readyz")
        Deadline(DELAY / 2).poll(lambda: test_admin.request(admin, "GET", "/readyz")[0] == 503,
                                 "/readyz to turn 503 on SIGTERM")
        self.assertIn(b'"draining":true', test_admin.request(admin, "GET", "/readyz")[2].replace(b" ", b""))
        # ...while S3 requests are still answered.
        client.head_bucket(Bucket=bucket)
        self.assertIsNone(server.proc.poll())

    def test_second_sigterm_cuts_the_delay_short(self):
        server = harness.GatewayServer(extra_args=["--drain-delay", "600"])
        self.addCleanup(server.cleanup)
        server.start()
        server.proc.send_signal(signal.SIGTERM)
        # The first signal must have been taken before the second is sent: two SIGTERMs sent
        # while the process has not run in between are one pending signal (POSIX), as a loaded
        # machine showed.
        Deadline(15).poll(lambda: "draining for" in server.log_tail(), "the drain to start")
        # Still running after the first signal (the delay is 10 minutes)...
        port = int(server.endpoint.rsplit(":", 1)[1])
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        self.assertIsNone(server.proc.poll())
        # ...a second one (an impatient operator, systemd's stop timeout) stops it now.
        server.proc.send_signal(signal.SIGTERM)
        self.assertEqual(server.proc.wait(timeout=harness.STOP_TIMEOUT), 0, server.log_tail())


if __name__ == "__main__":
    harness.main()
