"""File modes of what the gateway creates do not depend on the umask, and a credentials file
others could change is refused, as ssh refuses such a private key (issue item 8): started under
`umask 000` with empty XDG_CONFIG_HOME/XDG_DATA_HOME, every folder it creates is 0700 and every
file 0600; a credentials.json of mode 666 (or owned by another user) stops it with exit code 2
and a message naming the file and `chmod 600`; one of mode 644 starts with one warning line."""

import os
import signal
import stat
import subprocess
import sys
import tempfile
import shutil
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def _umask_000_child():
    os.umask(0o000)
    harness._die_with_parent()


@harness.gateway_only("file modes of s3cascade's own config and data folders")
class FileModesTest(unittest.TestCase):

    def setUp(self):
        self.binary = os.environ.get("S3CASCADE_BIN", "")
        self.assertTrue(os.access(self.binary, os.X_OK), "S3CASCADE_BIN must name the binary")
        self.tmp = tempfile.mkdtemp(prefix="s3c-modes-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.home = os.path.join(self.tmp, "home")
        self.config_home = os.path.join(self.tmp, "config")
        self.data_home = os.path.join(self.tmp, "data")
        for d in (self.home, self.config_home, self.data_home):
            os.mkdir(d, 0o755)
        self.credentials = os.path.join(self.config_home, "s3cascade", "credentials.json")

    def spawn(self):
        """The real binary with no keys and nothing to serve: it generates and stores keys and
        creates its embedded data directory, under umask 000."""
        env = dict(os.environ, HOME=self.home, XDG_CONFIG_HOME=self.config_home,
                   XDG_DATA_HOME=self.data_home, QT_QPA_PLATFORM="offscreen")
        self.stderr_path = os.path.join(self.tmp, "stderr.log")
        stderr = open(self.stderr_path, "wb")
        self.addCleanup(stderr.close)
        proc = subprocess.Popen([self.binary, "--no-gui", "--port", "127.0.0.1:0"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
                                env=env, cwd=self.tmp, preexec_fn=_umask_000_child)

        def reap():
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()
        self.addCleanup(reap)
        return proc

    def stderr_text(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def start(self):
        proc = self.spawn()
        reader = harness.LineReader(proc.stdout)
        try:
            reader.read_until(lambda lines: any(l.startswith("endpoint: ") for l in lines),
                              harness.Deadline(harness.START_TIMEOUT))
        except AssertionError as e:
            raise AssertionError("gateway did not start ({}): {}".format(e, self.stderr_text()))
        return proc

    def stop(self, proc):
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=harness.STOP_TIMEOUT), 0)

    def exit_code(self, proc):
        try:
            return proc.wait(timeout=harness.START_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail("the gateway started on an unsafe credentials file: " + self.stderr_text())

    def created(self):
        """Every folder and file below the two XDG folders (which the test made itself)."""
        out = []
        for top in (self.config_home, self.data_home):
            for root, dirs, files in os.walk(top):
                out += [os.path.join(root, n) for n in dirs + files]
        return out

    def test_umask_000_creates_owner_only_folders_and_files(self):
        proc = self.start()
        paths = self.created()
        self.stop(proc)
        self.assertIn(self.credentials, paths)
        self.assertIn(os.path.join(self.data_home, "s3cascade", "data"), paths)
        for path in paths:
            st = os.lstat(path)
            mode = stat.S_IMODE(st.st_mode)
            want = 0o700 if stat.S_ISDIR(st.st_mode) else 0o600
            self.assertEqual(mode, want, "{} has mode {:o} under umask 000, want {:o}".format(
                path, mode, want))
            self.assertEqual(st.st_uid, os.geteuid(), path)

    def make_credentials(self, mode):
        self.stop(self.start())  # generates and stores keys
        os.chmod(self.credentials, mode)

    def test_group_or_world_writable_credentials_refused(self):
        self.make_credentials(0o666)
        proc = self.spawn()
        self.assertEqual(self.exit_code(proc), 2, self.stderr_text())
        err = self.stderr_text()
        self.assertIn(self.credentials, err)
        self.assertIn("chmod 600 " + self.credentials, err)
        self.assertEqual(stat.S_IMODE(os.stat(self.credentials).st_mode), 0o666,
                         "the gateway must not fix or rewrite the file behind the user's back")

    def test_group_writable_credentials_refused(self):
        self.make_credentials(0o620)
        self.assertEqual(self.exit_code(self.spawn()), 2, self.stderr_text())

    def test_world_readable_credentials_warned_once(self):
        self.make_credentials(0o644)
        proc = self.start()
        self.stop(proc)
        warnings = [l for l in self.stderr_text().splitlines() if "chmod 600" in l]
        self.assertEqual(len(warnings), 1, self.stderr_text())
        self.assertIn(self.credentials, warnings[0])
        self.assertIn("read", warnings[0])

    @unittest.skipUnless(os.geteuid() == 0, "giving the file to another user needs root")
    def test_credentials_owned_by_another_user_refused(self):
        self.make_credentials(0o600)
        os.chown(self.credentials, 65534, 65534)
        proc = self.spawn()
        self.assertEqual(self.exit_code(proc), 2, self.stderr_text())
        self.assertIn(self.credentials, self.stderr_text())


if __name__ == "__main__":
    harness.main()
