"""The unpacked package serves real requests the way s3cascade.service starts it.

The .deb is unpacked (dpkg-deb -x) into a scratch root; the unit's own ExecStart line, its
Environment= and EnvironmentFile= are read from the unpacked unit and its paths (/usr/bin,
/etc/s3cascade, /var/lib) moved into the root. Then, as far as it can be done without systemd as
PID 1:
- DynamicUser=: when the test runs as root, the service runs as nobody with the state directory
  chowned to it (as systemd chowns it to the dynamic user), NoNewPrivileges= with setpriv, and
  UMask= with the umask;
- SystemCallFilter=, RestrictAddressFamilies= and MemoryDenyWriteExecute=: the service runs under
  strace and every system call it made after the exec of ExecStart must be one the filter
  allows, every socket one of the allowed families, and no mapping both writable and executable.
boto3 and a presigned URL (urllib, as curl would) then use it; `s3cascade credentials` run with
the state directory prints the service's keys; with /etc/s3cascade/backends.json present the
same ExecStart serves that file (s3-multi).

    python3 test_package_service.py
"""

import json
import os
import pwd
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest
import urllib.request

import boto3
from botocore.config import Config

import package_tools as pt
from harness import Deadline, LineReader

START_TIMEOUT = 60.0  # strace slows the start down


def syscall_set(group_names):
    """The system calls of systemd's named groups, nested groups expanded."""
    out = subprocess.run(["systemd-analyze", "syscall-filter"], check=True, capture_output=True,
                         text=True).stdout
    groups, current = {}, None
    for line in out.splitlines():
        if line.startswith("@"):
            current = groups.setdefault(line.split()[0], [])
        elif current is not None and line.strip() and not line.strip().startswith("#"):
            current.append(line.strip())

    def expand(name, seen):
        calls = set()
        for entry in groups[name]:
            if entry.startswith("@"):
                if entry not in seen:
                    calls |= expand(entry, seen | {entry})
            else:
                calls.add(entry)
        return calls

    calls = set()
    for name in group_names:
        calls |= expand(name, {name})
    return calls


def allowed_syscalls(unit):
    """What the unit's SystemCallFilter= lines leave: allow lists add, ~ lists remove (in order;
    the unit starts with an allow list, so everything else is refused)."""
    allowed = set()
    for spec in pt.unit_values(unit, "Service", "SystemCallFilter"):
        deny = spec.startswith("~")
        names = spec.lstrip("~").split()
        calls = syscall_set([n for n in names if n.startswith("@")]) | {n for n in names if not n.startswith("@")}
        allowed = allowed - calls if deny else allowed | calls
    return allowed


class Service:
    """The service started from its ExecStart line inside the scratch root."""

    def __init__(self, root, unit, trace):
        self.root = root
        self.unit = unit
        self.trace = trace
        self.argv = pt.service_command(unit, root.path)
        self.env = pt.service_environment(unit, root.path)
        self.state = root.file("/var/lib/s3cascade")
        (umask,) = pt.unit_values(unit, "Service", "UMask")
        self.umask = int(umask, 8)
        self.user = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("nobody")
            for base, dirs, files in os.walk(self.state):
                for name in [base] + [os.path.join(base, n) for n in dirs + files]:
                    os.chown(name, self.user.pw_uid, self.user.pw_gid)

    def as_service_user(self, argv):
        """argv run as the service's user with no new privileges (DynamicUser=, NoNewPrivileges=)."""
        prefix = ["setpriv", "--no-new-privs"]
        if self.user:
            prefix += ["--reuid=%d" % self.user.pw_uid, "--regid=%d" % self.user.pw_gid, "--clear-groups"]
        return prefix + ["--"] + argv

    def start(self):
        argv = self.as_service_user(self.argv)
        if self.trace:
            argv = ["strace", "-f", "-qq", "-o", self.trace, "--"] + argv
        def limits():
            os.umask(self.umask)
            # systemd's default LimitNOFILE= is 1024 soft, 512 Ki hard: the gateway raises its
            # soft limit at start, a call the system call filter must allow.
            _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))

        self.proc = subprocess.Popen(argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     preexec_fn=limits, cwd="/")
        self.reader = LineReader(self.proc.stdout)
        try:
            lines = self.reader.read_until(lambda ls: any(l.startswith("endpoint: ") for l in ls),
                                           Deadline(START_TIMEOUT))
        except BaseException:
            self.kill()
            raise
        self.lines = lines
        self.endpoint = next(l for l in lines if l.startswith("endpoint: "))[len("endpoint: "):]
        return lines

    def main_pid(self):
        """The service's main process: sh exec-ed the gateway, so it is the one we started, or
        under strace strace's child."""
        main = self.proc.pid
        if self.trace:
            with open("/proc/%d/task/%d/children" % (main, main)) as f:
                children = [int(p) for p in f.read().split()]
            main = children[0] if children else None
        return main

    def kill(self):
        # What systemd does after TimeoutStopSec=: SIGKILL to everything left, strace included.
        main = self.main_pid()
        if main:
            os.kill(main, signal.SIGKILL)
        self.proc.kill()
        self.proc.wait()

    def stop(self):
        # systemd's stop: SIGTERM to the main process.
        os.kill(self.main_pid(), signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("the service did not stop on SIGTERM within 30 s")
        err = self.proc.stderr.read().decode("utf-8", "replace")
        self.proc.stdout.close()
        self.proc.stderr.close()
        return code, err


def client(endpoint, access, secret):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access,
                        aws_secret_access_key=secret, region_name="us-east-1",
                        config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                                      retries={"max_attempts": 1}))


class PackageService(unittest.TestCase):

    def test_service(self):
        pt.require_tool("setpriv")
        trace_tool = shutil.which("strace")
        if not trace_tool:
            raise AssertionError("strace is missing (installer/test-packages.txt)")
        with pt.ScratchRoot() as root, tempfile.TemporaryDirectory() as tmp:
            unit = pt.read_unit(root.file(pt.UNIT))
            # What systemd does before the start: StateDirectory= (mode 0700) exists, and the
            # settings say where to listen (a free port instead of 7070).
            (state_dir,) = pt.unit_values(unit, "Service", "StateDirectory")
            os.makedirs(root.file("/var/lib/" + state_dir), mode=0o700)
            env_file = root.file("/etc/s3cascade/s3cascade.env")
            shipped = pt.read_environment_file(env_file)
            self.assertEqual(shipped, {"S3CASCADE_OPTS": ""}, "the shipped settings change nothing")
            with open(env_file, "a", encoding="utf-8") as f:
                f.write("S3CASCADE_OPTS=--port 127.0.0.1:0 --health /health\n")

            # 1. No backends.json: the embedded directory in the state directory.
            trace = os.path.join(tmp, "strace.txt")
            service = Service(root, unit, trace)
            lines = service.start()
            try:
                keys = dict(re.match(r"(access|secret) key: (\S+)", l).groups() for l in lines
                            if re.match(r"(access|secret) key: ", l))
                self.assertEqual(set(keys), {"access", "secret"}, lines)
                s3 = client(service.endpoint, keys["access"], keys["secret"])
                s3.create_bucket(Bucket="packaged")
                s3.put_object(Bucket="packaged", Key="dir/hello.txt", Body=b"hello from the package")
                self.assertEqual(s3.get_object(Bucket="packaged", Key="dir/hello.txt")["Body"].read(),
                                 b"hello from the package")
                url = s3.generate_presigned_url("get_object", Params={"Bucket": "packaged", "Key": "dir/hello.txt"},
                                                ExpiresIn=300)
                with urllib.request.urlopen(url, timeout=30) as reply:
                    self.assertEqual(reply.read(), b"hello from the package")
                with urllib.request.urlopen(service.endpoint + "/health", timeout=30) as reply:
                    self.assertEqual(reply.status, 200)
            finally:
                code, err = service.stop()
            self.assertEqual(code, 0, err)

            # Where the unit put everything: the state directory, private to the service user.
            state = root.file("/var/lib/s3cascade")
            with open(os.path.join(state, "data", "packaged", "dir", "hello.txt"), "rb") as f:
                self.assertEqual(f.read(), b"hello from the package")
            credentials = os.path.join(state, "credentials.json")
            self.assertEqual(os.stat(credentials).st_mode & 0o777, 0o600)
            with open(credentials, encoding="utf-8") as f:
                self.assertEqual(json.load(f), {"accessKey": keys["access"], "secretKey": keys["secret"]})
            if service.user:
                self.assertEqual(os.stat(credentials).st_uid, service.user.pw_uid)

            self.check_trace(trace, unit)

            # `s3cascade credentials` as the service's user, with the state directory
            # (XDG_CONFIG_HOME=/var/lib, as the unit sets it), prints the service's keys.
            binary = root.file("/usr/bin/s3cascade")
            shown = subprocess.run(service.as_service_user([binary, "credentials"]), env=service.env,
                                   capture_output=True, text=True, timeout=60)
            self.assertEqual(shown.returncode, 0, shown.stderr)
            self.assertEqual(shown.stdout, "access key: %s\nsecret key: %s\n" % (keys["access"], keys["secret"]))
            # The installed binary finds its translation catalogue (embedded: :/i18n).
            empty = os.path.join(tmp, "empty")
            os.mkdir(empty)
            pt_br = subprocess.run([binary, "--lang", "pt_BR", "credentials"],
                                   env=dict(service.env, XDG_CONFIG_HOME=empty), capture_output=True,
                                   text=True, timeout=60)
            self.assertEqual(pt_br.returncode, 1)
            self.assertIn("Ainda não há credenciais guardadas", pt_br.stderr)

            # 2. /etc/s3cascade/backends.json present: the same ExecStart serves it (s3-multi),
            # with the keys generated before.
            local = os.path.join(state, "cascade-primary")
            with open(root.file("/etc/s3cascade/backends.json"), "w", encoding="utf-8") as f:
                json.dump({"backends": [{"name": "primary", "type": "posix", "path": local}]}, f)
            os.makedirs(local, mode=0o700)
            service = Service(root, unit, None)
            lines = service.start()
            try:
                self.assertFalse([l for l in lines if "generated" in l], lines)
                s3 = client(service.endpoint, keys["access"], keys["secret"])
                s3.create_bucket(Bucket="multi")
                s3.put_object(Bucket="multi", Key="k", Body=b"via backends.json")
                reply = s3.get_object(Bucket="multi", Key="k")
                self.assertEqual(reply["Body"].read(), b"via backends.json")
                self.assertEqual(reply["ResponseMetadata"]["HTTPHeaders"].get("x-s3cascade-backend"), "primary")
            finally:
                code, err = service.stop()
            self.assertEqual(code, 0, err)
            self.assertTrue(os.path.isfile(os.path.join(local, "multi", "k")))

    def check_trace(self, trace, unit):
        with open(trace, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        # Only what ran after the exec of ExecStart's program: setpriv's own setresuid and
        # setgroups stand for what systemd does before the filter applies.
        program = pt.service_command(unit, "/")[0]
        start = next(i for i, l in enumerate(lines)
                     if re.match(r'^\d+ +execve\("%s", .* = 0$' % re.escape(program), l))
        allowed = allowed_syscalls(unit)
        self.assertIn("sendfile", allowed)
        used, families, wx = set(), set(), []
        for line in lines[start:]:
            m = re.match(r"^\d+ +([a-z_0-9]+)\((.*)", line)
            if not m:
                continue  # signals, exits, "<... resumed>"
            name, rest = m.groups()
            used.add(name)
            if name in ("socket", "socketpair"):
                families.add(rest.split(",")[0])
            if name in ("mmap", "mprotect", "pkey_mprotect") and "PROT_WRITE" in rest and "PROT_EXEC" in rest:
                wx.append(line)
        self.assertGreater(len(used), 20, "the trace holds the service's calls")
        # The start-up raise of the open-file limit ran (from 1024, see Service.start()).
        self.assertTrue([l for l in lines[start:] if re.search(r"prlimit64\(0, RLIMIT_NOFILE, \{rlim_cur=", l)],
                        "the gateway raised RLIMIT_NOFILE")
        self.assertEqual(sorted(used - allowed), [], "system calls SystemCallFilter= refuses")
        (families_spec,) = pt.unit_values(unit, "Service", "RestrictAddressFamilies")
        self.assertEqual(sorted(families - set(families_spec.split())), [],
                         "socket families RestrictAddressFamilies= refuses")
        self.assertEqual(wx, [], "writable and executable mappings (MemoryDenyWriteExecute=)")


if __name__ == "__main__":
    unittest.main(verbosity=2)
