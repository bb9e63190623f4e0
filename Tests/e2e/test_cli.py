"""The command line: `edge check`, `edge version`, and `edge serve` refusing a bad configuration."""

import re
import subprocess

from support import EDGE_BIN

BAD = """\
node: {name: n1}
listeners:
  - {name: http, address: "127.0.0.1:1", protocol: http}
origins:
  - id: site
    directory: {path: site}
distributions:
  - id: main
    aliases: [localhost]
    defaultCacheBehavior:
      targetOrignId: site
      viewerProtocolPolicy: allow-al
"""

GOOD = """\
node: {name: n1}
listeners:
  - {name: http, address: "127.0.0.1:1", protocol: http}
origins:
  - id: site
    directory: {path: site}
distributions:
  - id: main
    aliases: [localhost]
    defaultCacheBehavior: {targetOriginId: site}
"""


def run(*args, cwd=None):
    return subprocess.run([str(EDGE_BIN), *args], capture_output=True, text=True, timeout=30, cwd=cwd)


def test_check_bad_config(edge_bin, tmp_path):
    (tmp_path / "site").mkdir()
    path = tmp_path / "bad.yaml"
    path.write_text(BAD)
    r = run("check", "--config", str(path))
    assert r.returncode == 1, (r.stdout, r.stderr)
    out = r.stdout + r.stderr
    lines = out.splitlines()
    typo = [line for line in lines if "targetOrignId" in line]
    assert typo, out
    assert typo[0].startswith(f"{path}:11: distributions[0].defaultCacheBehavior.targetOrignId: "), typo[0]
    assert "did you mean 'targetOriginId'" in typo[0]
    policy = [line for line in lines if "allow-al'" in line]
    assert policy and policy[0].startswith(f"{path}:12: distributions[0].defaultCacheBehavior.viewerProtocolPolicy: "), out
    assert "allow-all" in policy[0]
    for line in lines:
        if line.startswith(str(path) + ":") and not line.startswith(f"{path}: "):
            assert re.match(rf"{re.escape(str(path))}:\d+: \S+: .+", line), line


def test_check_good_config(edge_bin, tmp_path):
    (tmp_path / "site").mkdir()
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    r = run("check", "--config", str(path))
    assert r.returncode == 0, (r.stdout, r.stderr)
    lines = [line for line in r.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, r.stdout
    assert "OK" in lines[0]
    assert "1 distribution" in lines[0]


def test_check_missing_directory_root(edge_bin, tmp_path):
    path = tmp_path / "nodir.yaml"
    path.write_text(GOOD)  # no site/ next to it
    r = run("check", "--config", str(path))
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert re.search(rf"{re.escape(str(path))}:6: origins\[0\]\.directory\.path: ", r.stdout), r.stdout


def test_serve_refuses_bad_config(edge_bin, tmp_path):
    (tmp_path / "site").mkdir()
    path = tmp_path / "bad.yaml"
    path.write_text(BAD)
    r = run("serve", "--config", str(path))
    assert r.returncode == 1
    assert f"{path}:11:" in r.stderr


def test_version(edge_bin):
    r = run("version")
    assert r.returncode == 0
    assert re.search(r"\d+\.\d+\.\d+", r.stdout), r.stdout


def test_zone_check_reports_file_line_and_exit_codes(edge_bin, tmp_path):
    good = tmp_path / "good.zone"
    good.write_text("$ORIGIN example.test.\n$TTL 1h\n@ IN SOA ns1 hostmaster 7 2h 1h 1w 5m\n@ IN NS ns1\n"
                    "ns1 IN A 192.0.2.1\nwww IN A 192.0.2.2\n")
    r = subprocess.run([str(edge_bin), "zone", "check", str(good)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "loaded serial 7" in r.stdout and r.stdout.strip().endswith("OK")
    bad = tmp_path / "bad.zone"
    bad.write_text("$ORIGIN example.test.\n$TTL 1h\n@ IN SOA ns1 hostmaster 7 2h 1h 1w 5m\n@ IN NS ns1\n"
                   "ns1 IN A 192.0.2.1\nmail IN MX ten mx\n")
    r = subprocess.run([str(edge_bin), "zone", "check", str(bad)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 1
    assert f"{bad}:6:" in r.stdout
    assert "not loaded due to errors" in r.stdout


def test_serve_reports_a_port_in_use_and_exits_1(edge_bin, tmp_path):
    import socket
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    (tmp_path / "site").mkdir()
    config = tmp_path / "edge.yaml"
    config.write_text(f'listeners: [{{name: http, address: "127.0.0.1:{port}", protocol: http}}]\n'
                      "origins: [{id: s, directory: {path: site}}]\n"
                      "distributions: [{id: d, aliases: [a.test], defaultCacheBehavior: {targetOriginId: s}}]\n")
    try:
        r = subprocess.run([str(edge_bin), "serve", "--config", str(config)], capture_output=True, text=True,
                           timeout=30)
    finally:
        taken.close()
    assert r.returncode == 1, r.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in r.stderr
    assert "Fatal error" not in r.stderr
