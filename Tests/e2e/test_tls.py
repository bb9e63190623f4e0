"""TLS and SNI, with openssl s_client and curl as the clients."""

import re
import subprocess

import pytest

from conftest import http_listener, https_listener
from support import make_cert

NAMES = ["a.example.test", "b.example.test", "*.wild.example.test"]


def s_client(port, servername=None, extra=(), stdin=b"", timeout=15):
    """Runs openssl s_client against 127.0.0.1:port; returns combined stdout+stderr text."""
    cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}"]
    cmd += ["-servername", servername] if servername else ["-noservername"]
    cmd += list(extra)
    proc = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)
    return proc.stdout.decode(errors="replace") + proc.stderr.decode(errors="replace")


def peer_subject(output):
    m = re.search(r"^subject=(.*)$", output, re.M)
    return m.group(1).strip() if m else None


def site_dir(root):
    site = root / "site"
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text("tls site index\n")
    return site


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    d = tmp_path_factory.mktemp("certs")
    return {
        "a": make_cert(d, "a", ["a.example.test"]),
        "b": make_cert(d, "b", ["b.example.test"]),
        "wild": make_cert(d, "wild", ["*.wild.example.test"]),
        "default": make_cert(d, "fallback", ["fallback.example.test"]),
    }


def tls_config(root, certs, with_default=False, minimum=None):
    entries = [
        {"domains": ["a.example.test"], "certificateFile": str(certs["a"][0]), "privateKeyFile": str(certs["a"][1])},
        {"domains": ["b.example.test"], "certificateFile": str(certs["b"][0]), "privateKeyFile": str(certs["b"][1])},
        {"domains": ["*.wild.example.test"], "certificateFile": str(certs["wild"][0]),
         "privateKeyFile": str(certs["wild"][1])},
    ]
    if with_default:
        entries.append({"domains": ["fallback.example.test"], "certificateFile": str(certs["default"][0]),
                        "privateKeyFile": str(certs["default"][1]), "default": True})
    listener = https_listener()
    if minimum:
        listener["minimumProtocolVersion"] = minimum
    return {
        "node": {"name": "tls-node", "stateDirectory": str(root / "state")},
        "listeners": [listener],
        "certificates": entries,
        "origins": [{"id": "site", "directory": {"path": str(site_dir(root))}}],
        "distributions": [{"id": "main", "aliases": NAMES + ["fallback.example.test"],
                           "defaultCacheBehavior": {"targetOriginId": "site"}}],
    }


@pytest.fixture(scope="module")
def tls_edge(module_launch, certs):
    return module_launch.edge(tls_config(module_launch.directory, certs), name="tls-nodefault")


@pytest.fixture(scope="module")
def tls_edge_default(module_launch, certs):
    return module_launch.edge(tls_config(module_launch.directory, certs, with_default=True), name="tls-default")


@pytest.mark.parametrize("name,expected_cn", [
    ("a.example.test", "a.example.test"),
    ("b.example.test", "b.example.test"),
    ("x.wild.example.test", "*.wild.example.test"),
])
def test_sni_selects_certificate(tls_edge, name, expected_cn):
    out = s_client(tls_edge.https, name, ["-showcerts"])
    subject = peer_subject(out)
    assert subject is not None, out
    assert f"CN = {expected_cn}" in subject, out


def test_sni_certificate_subject_via_x509(tls_edge, certs):
    out = s_client(tls_edge.https, "b.example.test", ["-showcerts"])
    pem = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", out, re.S)
    assert pem, out
    subj = subprocess.run(["openssl", "x509", "-noout", "-subject"], input=pem.group(0).encode(),
                          capture_output=True, timeout=10).stdout.decode()
    assert "CN = b.example.test" in subj and "O = e2e-b" in subj, subj
    expected = subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", str(certs["b"][0])],
                              capture_output=True, timeout=10).stdout
    served = subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256"], input=pem.group(0).encode(),
                            capture_output=True, timeout=10).stdout
    assert served == expected


def test_two_label_name_does_not_match_one_label_wildcard(tls_edge):
    out = s_client(tls_edge.https, "a.b.wild.example.test")
    assert "no peer certificate available" in out, out
    assert peer_subject(out) is None


def test_unknown_name_without_default_gets_unrecognized_name_alert(tls_edge):
    out = s_client(tls_edge.https, "unknown.test")
    assert "unrecognized name" in out or "alert number 112" in out, out
    assert "no peer certificate available" in out, out
    assert peer_subject(out) is None, out


def test_no_sni_without_default_is_refused(tls_edge):
    out = s_client(tls_edge.https, None)
    assert "unrecognized name" in out or "alert number 112" in out, out
    assert peer_subject(out) is None, out


def test_unknown_name_with_default_gets_default_certificate(tls_edge_default):
    out = s_client(tls_edge_default.https, "unknown.test")
    assert "CN = fallback.example.test" in (peer_subject(out) or ""), out
    # exact names still win over the default
    out = s_client(tls_edge_default.https, "a.example.test")
    assert "CN = a.example.test" in (peer_subject(out) or ""), out


@pytest.mark.parametrize("flag,proto", [("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")])
def test_tls_versions_negotiate(tls_edge, flag, proto):
    out = s_client(tls_edge.https, "a.example.test", [flag])
    assert re.search(rf"New, {re.escape(proto)}, Cipher is (?!\(NONE\))", out), out


def test_minimum_protocol_tls13_refuses_tls12(launch, certs):
    edge = launch.edge(tls_config(launch.directory, certs, minimum="TLSv1.3"))
    out12 = s_client(edge.https, "a.example.test", ["-tls1_2"])
    assert "Cipher is (NONE)" in out12 or "New, (NONE)" in out12, out12
    assert peer_subject(out12) is None, out12
    out13 = s_client(edge.https, "a.example.test", ["-tls1_3"])
    assert "New, TLSv1.3" in out13, out13


@pytest.mark.parametrize("flag", ["-tls1_2", "-tls1_3"])
def test_session_resumption(tls_edge, tmp_path, flag):
    """TLS 1.2 (session ticket / id) and TLS 1.3 (ticket). For 1.3 the first connection sends a request and
    reads the answer with -ign_eof, so the post-handshake NewSessionTicket is read before s_client exits."""
    sess = tmp_path / f"sess{flag}"
    request = b"GET / HTTP/1.1\r\nHost: a.example.test\r\nConnection: close\r\n\r\n"
    first = s_client(tls_edge.https, "a.example.test", [flag, "-sess_out", str(sess), "-ign_eof"], stdin=request)
    assert "New, TLSv1." in first, first
    assert "tls site index" in first, first
    assert sess.exists() and sess.stat().st_size > 0
    second = s_client(tls_edge.https, "a.example.test", [flag, "-sess_in", str(sess)])
    assert "Reused, TLSv1." in second, second


# -- curl over HTTPS with the local CA ----------------------------------------------------------------


@pytest.fixture(scope="module")
def selfsigned_edge(module_launch):
    root = module_launch.directory / "selfsigned"
    root.mkdir()
    config = {
        "node": {"name": "ss-node", "stateDirectory": str(root / "state")},
        "listeners": [http_listener(), https_listener()],
        "certificates": [{"domains": ["site.test", "*.site.test"], "selfSigned": True, "default": True}],
        "origins": [{"id": "site", "directory": {"path": str(site_dir(root))}}],
        "distributions": [{"id": "main", "aliases": ["site.test", "*.site.test"],
                           "defaultCacheBehavior": {"targetOriginId": "site"}}],
    }
    return module_launch.edge(config, name="selfsigned")


def curl(*args, timeout=30):
    return subprocess.run(["curl", "-sS", *args], capture_output=True, timeout=timeout)


def test_https_with_local_ca(selfsigned_edge):
    ca = selfsigned_edge.ca_path()
    assert ca.endswith("ca/ca.pem")
    port = selfsigned_edge.https
    for name in ["site.test", "www.site.test"]:
        r = curl("--cacert", ca, "--resolve", f"{name}:{port}:127.0.0.1", "-w", "\n%{http_code}",
                 f"https://{name}:{port}/")
        assert r.returncode == 0, r.stderr
        body, code = r.stdout.decode().rsplit("\n", 1)
        assert code == "200"
        assert body == "tls site index\n"


def test_https_local_ca_rejects_unlisted_name_verification(selfsigned_edge):
    """The default certificate is served for an unknown name, but it does not verify for that name."""
    ca = selfsigned_edge.ca_path()
    port = selfsigned_edge.https
    r = curl("--cacert", ca, "--resolve", f"other.test:{port}:127.0.0.1", f"https://other.test:{port}/")
    assert r.returncode != 0


def test_http2_over_tls(selfsigned_edge):
    ca = selfsigned_edge.ca_path()
    port = selfsigned_edge.https
    r = curl("--http2", "--cacert", ca, "--resolve", f"site.test:{port}:127.0.0.1", "-o", "/dev/null",
             "-w", "%{http_version} %{http_code}", f"https://site.test:{port}/")
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == "2 200"


def test_http2_alpn_with_insecure_flag(selfsigned_edge):
    r = curl("--http2", "-k", "--resolve", f"site.test:{selfsigned_edge.https}:127.0.0.1", "-o", "/dev/null",
             "-w", "%{http_version}", f"https://site.test:{selfsigned_edge.https}/")
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == "2"


def test_silent_tls_client_is_disconnected_after_the_handshake_timeout(tls_edge):
    # A client that connects and never sends a ClientHello must not hold the connection forever.
    import socket
    import time
    s = socket.create_connection(("127.0.0.1", tls_edge.https), timeout=20)
    started = time.monotonic()
    try:
        data = s.recv(1)  # blocks until edge closes the connection
    finally:
        s.close()
    elapsed = time.monotonic() - started
    assert data == b""
    assert 5 <= elapsed <= 19, elapsed
