"""Shared helpers of the package tests: find the .deb and .tar.gz the build made, unpack them,
read the systemd unit the way systemd does (as far as s3cascade.service needs it), and turn its
ExecStart line into a command that runs inside a scratch root.

Environment (set by tests/package/CMakeLists.txt):
  S3C_BUILD_DIR    the build tree holding the packages
  S3C_DEB_VERSION  the version the build gave the package (installer/linux/CMakeLists.txt)
  S3C_SOURCE_DIR   the source tree
"""

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SOURCE_DIR = os.environ.get("S3C_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "integration"))
import harness  # noqa: E402  (Deadline, LineReader; also keeps the user's AWS settings out)

BUILD_DIR = os.environ.get("S3C_BUILD_DIR", "build")
VERSION = os.environ.get("S3C_DEB_VERSION", "")
APP_ID = "io.github.s3cascade.S3cascade"
UNIT = "lib/systemd/system/s3cascade.service"


def architecture():
    return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True,
                          text=True).stdout.strip()


def deb_path():
    """The .deb of this build's version (an older one left in the tree must not be tested)."""
    path = os.path.join(BUILD_DIR, "s3cascade_%s_%s.deb" % (VERSION, architecture()))
    if not os.path.isfile(path):
        found = glob.glob(os.path.join(BUILD_DIR, "s3cascade_*.deb"))
        raise AssertionError("no %s (found %s): did package_build run?" % (path, found))
    return path


def tgz_path():
    path = os.path.join(BUILD_DIR, "s3cascade-%s-Linux.tar.gz" % VERSION)
    if not os.path.isfile(path):
        raise AssertionError("no %s: did package_build run?" % path)
    return path


def require_tool(name):
    path = shutil.which(name)
    if not path:
        raise AssertionError("%s is missing: installer/test-packages.txt lists the Debian package "
                             "that has it (installer/ensure-packages.sh installs it)" % name)
    return path


class ScratchRoot:
    """The .deb unpacked with dpkg-deb -x into a temporary directory, removed on exit."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="s3c-pkg-")
        # dpkg-deb -x keeps the package's modes; the temp dir itself must let the service's
        # unprivileged user in (the serve test runs it as nobody when it can).
        os.chmod(self.path, 0o755)
        subprocess.run(["dpkg-deb", "-x", deb_path(), self.path], check=True)
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)

    def file(self, relative):
        return os.path.join(self.path, relative.lstrip("/"))


def read_unit(path):
    """{section: [(key, value), ...]} of a unit file: comments, blank lines and backslash
    continuations as systemd.syntax(7) describes them; repeated keys stay in order."""
    sections = {}
    current = None
    pending = ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not pending and (not line.strip() or line.lstrip().startswith(("#", ";"))):
                continue
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            line = pending + line
            pending = ""
            if line.startswith("[") and line.endswith("]"):
                current = sections.setdefault(line[1:-1], [])
                continue
            key, _, value = line.partition("=")
            current.append((key.strip(), value.strip()))
    return sections


def unit_values(unit, section, key):
    return [v for k, v in unit.get(section, []) if k == key]


def read_environment_file(path):
    """KEY=VALUE lines of a systemd EnvironmentFile (comments, optional quotes)."""
    env = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(("#", ";")):
                continue
            key, _, value = line.partition("=")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            env[key.strip()] = value
    return env


def redirect(text, root):
    """The unit's absolute paths, moved into the scratch root."""
    for prefix in ("/usr/bin/", "/etc/s3cascade", "/var/lib"):
        text = text.replace(prefix, root.rstrip("/") + prefix)
    return text


def service_command(unit, root):
    """ExecStart of [Service] as argv, with its paths in the scratch root and systemd's own
    expansion done: "$$" is a literal "$"; any other "$" would need systemd's variable expansion,
    which this unit does not use on purpose (sh does it), so it is refused."""
    (exec_start,) = unit_values(unit, "Service", "ExecStart")
    if re.search(r"(?<!\$)\$(?!\$)", exec_start.replace("$$", "")):
        raise AssertionError("ExecStart uses systemd variable expansion: " + exec_start)
    argv = shlex.split(redirect(exec_start, root))
    return [a.replace("$$", "$") for a in argv]


def service_environment(unit, root):
    """The environment systemd gives the service: its own (PATH, LANG), Environment=, then the
    EnvironmentFile= settings, which override Environment= (systemd.exec(5)); paths redirected."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    for spec in unit_values(unit, "Service", "Environment"):
        for assignment in shlex.split(spec):
            key, _, value = assignment.partition("=")
            env[key] = redirect(value, root)
    for spec in unit_values(unit, "Service", "EnvironmentFile"):
        optional = spec.startswith("-")
        path = redirect(spec.lstrip("-"), root)
        if os.path.exists(path):
            env.update({k: redirect(v, root) for k, v in read_environment_file(path).items()})
        elif not optional:
            raise AssertionError("EnvironmentFile %s is missing" % path)
    return env
