"""The .deb and .tar.gz checked with the tools Debian users and distributions check them with:
their contents and control fields, lintian, desktop-file-validate, appstreamcli, systemd-analyze
and man. Each check also runs its tool on a deliberately broken copy and expects a complaint, so
a tool that accepts anything (or a check that looks at nothing) fails the test.

    python3 test_package_files.py NAME    (NAME: contents, lintian, desktop, appstream, systemd,
                                           man, man_options)
"""

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest

import package_tools as pt

ICON_SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512]
EXPECTED_FILES = [
    "usr/bin/s3cascade",
    "usr/share/applications/%s.desktop" % pt.APP_ID,
    "usr/share/metainfo/%s.metainfo.xml" % pt.APP_ID,
    "usr/share/icons/hicolor/scalable/apps/%s.svg" % pt.APP_ID,
    "usr/share/man/man1/s3cascade.1.gz",
    "usr/share/doc/s3cascade/copyright",
    "usr/share/doc/s3cascade/changelog.gz",
    "usr/share/lintian/overrides/s3cascade",
    pt.UNIT,
    "etc/s3cascade/s3cascade.env",
] + ["usr/share/icons/hicolor/%dx%d/apps/%s.png" % (s, s, pt.APP_ID) for s in ICON_SIZES]


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, **kw)


def control_field(deb, field):
    return run(["dpkg-deb", "-f", deb, field]).stdout.strip()


class PackageFiles(unittest.TestCase):

    def test_contents(self):
        deb = pt.deb_path()
        listing = run(["dpkg-deb", "-c", deb]).stdout
        paths = {line.split()[-1].lstrip("./") for line in listing.splitlines() if line.split()}
        for path in EXPECTED_FILES:
            self.assertIn(path, paths)
        # Nothing of the build or the tests: every file is one of the expected, or a folder.
        files = {line.split()[-1].lstrip("./") for line in listing.splitlines()
                 if line and not line.startswith("d")}
        self.assertEqual(files, set(EXPECTED_FILES))
        # The same tree in the .tar.gz, below its top folder.
        with tarfile.open(pt.tgz_path()) as tgz:
            names = {m.name.split("/", 1)[1] for m in tgz.getmembers() if m.isfile() and "/" in m.name}
        self.assertEqual(names, set(EXPECTED_FILES))

        self.assertEqual(control_field(deb, "Package"), "s3cascade")
        version = control_field(deb, "Version")
        self.assertEqual(version, pt.VERSION)
        # Debian policy 5.6.12: an upstream version starts with a digit; no revision here.
        self.assertRegex(version, r"^[0-9][A-Za-z0-9.+~]*$")
        self.assertTrue(version.startswith(re.sub(r"[~+].*", "", version)))
        self.assertEqual(control_field(deb, "Section"), "net")
        self.assertEqual(control_field(deb, "Priority"), "optional")
        self.assertRegex(control_field(deb, "Maintainer"), r"^[^<>]+ <[^<>@]+@[^<>]+>$")
        depends = control_field(deb, "Depends")
        # From dpkg-shlibdeps: the libraries the binary links, with versions.
        for lib in ("libc6 (>=", "libqt6core6", "libqt6network6", "libssl3", "libhttp-parser2.9"):
            self.assertIn(lib, depends)
        self.assertIn("qt6-qpa-plugins", depends)
        description = control_field(deb, "Description").splitlines()
        self.assertGreater(len(description), 3, "a synopsis and a long description")
        self.assertLess(len(description[0]), 80)
        conffiles = run(["dpkg-deb", "-I", deb, "conffiles"]).stdout.split()
        self.assertEqual(conffiles, ["/etc/s3cascade/s3cascade.env"])

    def test_lintian(self):
        pt.require_tool("lintian")
        deb = pt.deb_path()
        # --fail-on error: errors fail; every warning is either fixed or overridden with a reason
        # in installer/linux/lintian-overrides, so warnings fail too.
        result = run(["lintian", "--fail-on", "error,warning", "--display-info", "--show-overrides", deb])
        print(result.stdout + result.stderr)
        self.assertEqual(result.returncode, 0, "lintian:\n" + result.stdout + result.stderr)
        tags = [line for line in result.stdout.splitlines() if re.match(r"^[EW]: ", line)]
        self.assertEqual(tags, [], "lintian errors or warnings")
        # Every override is still needed (lintian reports unused ones as info).
        self.assertNotIn("unused-override", result.stdout)
        # The check can fail: the same package with an unstripped binary is an error.
        with tempfile.TemporaryDirectory() as tmp:
            tree = os.path.join(tmp, "tree")
            subprocess.run(["dpkg-deb", "-R", deb, tree], check=True)
            # The build tree's binary still has its debug symbols (RelWithDebInfo).
            shutil.copy(os.path.join(pt.BUILD_DIR, "app", "s3cascade"), os.path.join(tree, "usr/bin/s3cascade"))
            broken = os.path.join(tmp, "broken.deb")
            subprocess.run(["dpkg-deb", "--root-owner-group", "--build", "-Zgzip", tree, broken],
                           check=True, capture_output=True)
            bad = run(["lintian", "--fail-on", "error", broken])
            self.assertNotEqual(bad.returncode, 0, bad.stdout)
            self.assertIn("unstripped-binary-or-object", bad.stdout)

    def test_desktop(self):
        tool = pt.require_tool("desktop-file-validate")
        with pt.ScratchRoot() as root:
            path = root.file("usr/share/applications/%s.desktop" % pt.APP_ID)
            result = run([tool, path])
            self.assertEqual((result.returncode, result.stdout + result.stderr), (0, ""))
            text = open(path, encoding="utf-8").read()
            # The entry names the installed binary and icon.
            self.assertRegex(text, r"(?m)^Exec=s3cascade$")
            self.assertRegex(text, r"(?m)^Icon=%s$" % re.escape(pt.APP_ID))
            broken = path + ".broken.desktop"
            with open(broken, "w", encoding="utf-8") as f:
                f.write(text.replace("Type=Application", "Type=Nonsense"))
            self.assertNotEqual(run([tool, broken]).returncode, 0)

    def test_appstream(self):
        tool = pt.require_tool("appstreamcli")
        with pt.ScratchRoot() as root:
            path = root.file("usr/share/metainfo/%s.metainfo.xml" % pt.APP_ID)
            result = run([tool, "validate", "--no-net", "--explain", path])
            print(result.stdout + result.stderr)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            text = open(path, encoding="utf-8").read()
            self.assertIn("<launchable type=\"desktop-id\">%s.desktop</launchable>" % pt.APP_ID, text)
            self.assertIn("<release version=\"%s\"" % re.sub(r"[~+].*", "", pt.VERSION), text)
            self.assertGreaterEqual(text.count("<screenshot"), 2)
            # Each screenshot is one of docs/screenshots.
            for name in re.findall(r"docs/screenshots/([\w-]+\.png)", text):
                self.assertTrue(os.path.isfile(os.path.join(pt.SOURCE_DIR, "docs", "screenshots", name)), name)
            broken = path.replace(".metainfo.xml", ".broken.metainfo.xml")
            with open(broken, "w", encoding="utf-8") as f:
                f.write(text.replace("<summary>", "<summary>A summary ending in a dot.").replace(
                    "<metadata_license>CC0-1.0</metadata_license>", ""))
            self.assertNotEqual(run([tool, "validate", "--no-net", broken]).returncode, 0)

    def test_systemd(self):
        tool = pt.require_tool("systemd-analyze")
        with pt.ScratchRoot() as root:
            unit = root.file(pt.UNIT)
            # Documentation=man:s3cascade(1) is checked against the package's own man page.
            env = dict(os.environ, MANPATH=root.file("usr/share/man"), SYSTEMD_LOG_LEVEL="notice")
            result = run([tool, "verify", unit], env=env)
            print(result.stdout + result.stderr)
            self.assertEqual((result.returncode, result.stdout + result.stderr), (0, ""))
            parsed = pt.read_unit(unit)
            service = dict(parsed["Service"])
            # The parts of the issue the unit must keep.
            for key, value in [("DynamicUser", "yes"), ("StateDirectory", "s3cascade"),
                               ("ConfigurationDirectory", "s3cascade"), ("Restart", "on-failure"),
                               ("ProtectSystem", "strict"), ("NoNewPrivileges", "yes"),
                               ("PrivateTmp", "yes"), ("CapabilityBoundingSet", ""),
                               ("MemoryDenyWriteExecute", "yes"),
                               ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX")]:
                self.assertEqual(service.get(key), value, key)
            self.assertIn("@system-service", pt.unit_values(parsed, "Service", "SystemCallFilter"))
            self.assertIn("--no-gui", " ".join(pt.unit_values(parsed, "Service", "ExecStart")))
            # The check can fail: an unknown directive and a missing ExecStart binary.
            broken = os.path.join(os.path.dirname(unit), "s3cascade-broken.service")
            with open(broken, "w", encoding="utf-8") as f:
                f.write(open(unit, encoding="utf-8").read().replace("ExecStart=/bin/sh", "ExecStart=/nonexistent/sh"))
            self.assertNotEqual(run([tool, "verify", broken], env=env).returncode, 0)

    def test_man(self):
        pt.require_tool("man")
        with pt.ScratchRoot() as root:
            page = root.file("usr/share/man/man1/s3cascade.1.gz")
            env = dict(os.environ, MANWIDTH="80", LANG="C.UTF-8")
            result = run(["man", "--warnings", "-E", "UTF-8", "-l", page], env=env)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stderr, "")
            self.assertIn("s3cascade - S3 gateway", result.stdout)
            broken = os.path.join(os.path.dirname(page), "broken.1")
            subprocess.run("gzip -dc %s | sed 's/^\\.TP$/.TPX/' > %s" % (page, broken), shell=True, check=True)
            self.assertNotEqual(run(["man", "--warnings", "-E", "UTF-8", "-l", broken], env=env).stderr, "")

    def test_man_options(self):
        """Every option and command of `s3cascade --help` has its entry in the man page, and
        the page documents nothing --help does not know."""
        with pt.ScratchRoot() as root:
            binary = root.file("usr/bin/s3cascade")
            helptext = run([binary, "--help"], env=dict(os.environ, LANG="C.UTF-8")).stdout
            page = subprocess.run(["gzip", "-dc", root.file("usr/share/man/man1/s3cascade.1.gz")],
                                  check=True, capture_output=True, text=True).stdout
        self.assertIn("Options:", helptext)
        help_options = set(re.findall(r"(?m)^  (?:-\w, )?(--[\w-]+)", helptext))
        help_options |= set(re.findall(r"(?m)^  (-\w),", helptext))
        commands = helptext.split("Commands:", 1)[1].split("Options:", 1)[0]
        help_commands = set(re.findall(r"(?m)^  ([a-z][\w-]*)", commands))
        self.assertGreater(len(help_options), 20)
        self.assertEqual(help_commands, {"posix", "s3-multi", "credentials", "presign", "admin-token"})

        # Entries: the line after each .TP in OPTIONS and COMMANDS.
        def entries(section):
            body = re.split(r"(?m)^\.SH ", page)
            text = next(b for b in body if b.startswith(section))
            heads = re.findall(r"(?m)^\.TP\n(.*)$", text)
            return [h.replace("\\-", "-") for h in heads]

        man_options = set()
        for head in entries("OPTIONS"):
            man_options |= set(re.findall(r"(?<![\w-])(--?[\w][\w-]*)", head.split('"')[0] + " " + head))
        man_options = {o for o in man_options if o.startswith("--") or re.fullmatch(r"-\w", o)}
        self.assertEqual(man_options, help_options)
        man_commands = set()
        for head in entries("COMMANDS"):
            man_commands |= set(re.findall(r"^\.BI? ([a-z][\w-]*)", head))
        self.assertEqual(man_commands, help_commands)


if __name__ == "__main__":
    names = sys.argv[1:] or [n[5:] for n in dir(PackageFiles) if n.startswith("test_")]
    suite = unittest.TestSuite(PackageFiles("test_" + n) for n in names)
    sys.exit(0 if unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful() else 1)
