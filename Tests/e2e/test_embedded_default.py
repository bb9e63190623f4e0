"""The embedded default: `edge serve` with no --config, from the repository root (edge-config/edge.yaml)."""

import subprocess

import pytest
import requests

from support import REPO, Edge, port_accepts


def test_embedded_default_serves_site_and_api(edge_bin, tmp_path):
    busy = [p for p in (8080, 8443) if port_accepts(p)]
    if busy:
        pytest.skip(f"ports {busy} are in use; the embedded default listens on 127.0.0.1:8080 and :8443")
    edge = Edge(REPO / "edge-config" / "edge.yaml", tmp_path, {"http": 8080, "https": 8443}, cwd=REPO, args=[],
                wait=False)
    try:
        edge.wait_ready()
        out = subprocess.run(["curl", "-sS", "-w", "\n%{http_code}", "http://127.0.0.1:8080/"],
                             capture_output=True, timeout=15)
        assert out.returncode == 0, out.stderr
        body, code = out.stdout.decode().rsplit("\n", 1)
        assert code == "200"
        expected_index = (REPO / "edge-config" / "site" / "index.html").read_text()
        assert body == expected_index

        r = requests.get("http://127.0.0.1:8080/api/hello.json", timeout=15)
        assert r.status_code == 200
        assert r.headers.get("x-edge-behavior") == "/api/*"
        expected = (REPO / "edge-config" / "api-origin" / "api" / "hello.json")
        if expected.exists():
            assert r.json() == __import__("json").loads(expected.read_text())
        else:
            r.json()  # must be JSON
    finally:
        code = edge.stop()
    assert code == 0, edge.stderr_text()
