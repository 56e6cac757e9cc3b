"""Generated credentials and the command-line contract: keys generated on first start are saved
(mode 0600) under $XDG_CONFIG_HOME/s3cascade/, reused on restart, printed by
`s3cascade credentials`, retrievable under --quiet; ROOT_ACCESS_KEY/ROOT_SECRET_KEY work; bad
arguments exit 2 with a message. (The parent gateway printed generated keys once to stderr and
never saved them: design-notes.md section 2.)"""

import os
import re
import stat
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

KEY_LINE = re.compile(r"^\s*(access|secret) key:\s*(\S+)\s*$", re.I | re.M)


@harness.gateway_only("generated credentials are s3cascade's own feature")
class CredentialsTest(unittest.TestCase):

    def start(self, **kwargs):
        expect_keys = kwargs.pop("expect_keys", False)
        server = harness.GatewayServer(**kwargs)
        self.addCleanup(server.cleanup)
        server.start(expect_keys=expect_keys)
        return server

    def stop(self, server):
        server.stop()  # asserts exit 0 after SIGTERM

    def credentials_command(self, server):
        cp = harness.run(server.argv_for("credentials"), env=server.client_env(), timeout=30)
        keys = {m.group(1).lower(): m.group(2) for m in KEY_LINE.finditer(cp.stdout.decode())}
        self.assertEqual(set(keys), {"access", "secret"},
                         "`s3cascade credentials` printed: {!r}".format(cp.stdout))
        return keys["access"], keys["secret"]

    def stored_files(self, server):
        folder = os.path.join(server.config_home, "s3cascade")
        self.assertTrue(os.path.isdir(folder), "no {} after key generation".format(folder))
        return [os.path.join(folder, f) for f in os.listdir(folder)]

    def assert_works(self, server, bucket=None):
        client = server.boto3_client()
        if bucket:
            client.create_bucket(Bucket=bucket)
        return [b["Name"] for b in client.list_buckets()["Buckets"]]

    def test_generated_saved_reused_and_printed(self):
        first = self.start(with_keys=False, expect_keys=True)
        ak, sk = first.access_key, first.secret_key
        self.assertGreaterEqual(len(ak), 16)
        self.assertGreaterEqual(len(sk), 30)
        bucket = harness.unique_bucket("gen")
        self.assertIn(bucket, self.assert_works(first, bucket))
        holding = [p for p in self.stored_files(first) if sk.encode() in open(p, "rb").read()]
        self.assertEqual(len(holding), 1, "exactly one file under s3cascade/ holds the secret")
        mode = stat.S_IMODE(os.stat(holding[0]).st_mode)
        self.assertEqual(mode, 0o600, "credentials file mode is {:o}".format(mode))
        self.stop(first)
        self.assertNotIn(sk, open(first.log_path, encoding="utf-8", errors="replace").read(),
                         "the secret must not appear in the log (stderr)")

        again = self.start(with_keys=False, expect_keys=True, home=first.home,
                           data_dir=first.data_dir)
        self.assertEqual((again.access_key, again.secret_key), (ak, sk),
                         "restart must reuse the stored keys")
        self.assertIn(bucket, self.assert_works(again))
        self.assertEqual(self.credentials_command(again), (ak, sk))
        self.stop(again)

    def test_quiet_keys_still_retrievable(self):
        first = self.start(with_keys=False, extra_args=["--quiet"])
        if first.printed_keys:  # generated keys may be printed even under --quiet
            self.assertEqual(set(first.printed_keys), {"access", "secret"})
        ak, sk = self.credentials_command(first)
        first.access_key, first.secret_key = ak, sk
        self.assert_works(first, harness.unique_bucket("quiet"))
        self.stop(first)
        second = self.start(with_keys=False, extra_args=["--quiet"], home=first.home)
        self.assertFalse(second.printed_keys, "--quiet must not print keys that were not new")
        self.assertEqual(self.credentials_command(second), (ak, sk))
        second.access_key, second.secret_key = ak, sk
        self.assert_works(second)
        self.stop(second)

    def test_environment_keys(self):
        server = self.start(with_keys=False, env={"ROOT_ACCESS_KEY": "AKIAFROMENVIRONMENT1",
                                                  "ROOT_SECRET_KEY": "secretFromTheEnvironment0123456789"})
        server.access_key = "AKIAFROMENVIRONMENT1"
        server.secret_key = "secretFromTheEnvironment0123456789"
        self.assert_works(server, harness.unique_bucket("envkeys"))
        other = server.boto3_client(access_key=harness.ACCESS_KEY, secret_key=harness.SECRET_KEY)
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as ctx:
            other.list_buckets()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidAccessKeyId")
        self.stop(server)

    def test_credentials_before_any_start(self):
        server = harness.GatewayServer(with_keys=False)
        self.addCleanup(server.cleanup)
        cp = harness.run(server.argv_for("credentials"), env=server.client_env(), check=False,
                         timeout=30)
        self.assertNotEqual(cp.returncode, 0, "no keys stored yet: must not claim success")
        self.assertTrue(cp.stderr.strip(), "and must say why")
        self.assertFalse(KEY_LINE.search(cp.stdout.decode()))

    def test_bad_arguments_exit_2(self):
        server = harness.GatewayServer()
        self.addCleanup(server.cleanup)
        env = server.client_env()
        for args in (["--no-gui", "--port", "127.0.0.1:notaport", "posix", server.data_dir],
                     ["--no-gui", "--access", "AKONLY", "posix", server.data_dir],
                     ["--no-gui", "--no-such-option", "posix", server.data_dir],
                     ["--no-gui", "--port", "127.0.0.1:0", "nosuchbackend", server.data_dir],
                     ["presign", "--method", "PATCH", "--bucket", "b", "--key", "k",
                      "--expires", "60", "--endpoint", "http://127.0.0.1:9"]):
            cp = harness.run(server.argv_for(*args), env=env, check=False, timeout=30)
            self.assertEqual(cp.returncode, 2, "{} exited {}: {!r}".format(
                args, cp.returncode, cp.stderr))
            self.assertTrue(cp.stderr.strip(), "{}: no message on stderr".format(args))


if __name__ == "__main__":
    harness.main()
