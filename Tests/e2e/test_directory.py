"""The local-directory origin: index documents, validators, ranges, traversal, directory redirects."""

import os
import subprocess

import pytest
import requests

from conftest import http_listener

SECRET = "TOPSECRET-outside-the-root\n"
FILE_TEXT = "0123456789abcdefghijklmnopqrstuvwxyz\n"


@pytest.fixture(scope="module")
def dir_edge(module_launch):
    base = module_launch.directory / "dirorigin"
    site = base / "site"
    (site / "dir").mkdir(parents=True)
    (site / "index.html").write_text("<h1>root index</h1>\n")
    (site / "file.txt").write_text(FILE_TEXT)
    (site / "dir" / "index.html").write_text("<h1>dir index</h1>\n")
    (base / "secret.txt").write_text(SECRET)
    outside = base / "outside"
    outside.mkdir()
    (outside / "inner.txt").write_text(SECRET)
    os.symlink(base / "secret.txt", site / "escape.txt")
    os.symlink(outside, site / "escapedir")
    os.symlink("/etc/passwd", site / "passwd")
    config = {
        "node": {"name": "dir-node", "stateDirectory": str(base / "state")},
        "listeners": [http_listener()],
        "origins": [{"id": "site", "directory": {"path": str(site)}}],
        "distributions": [{"id": "d", "aliases": ["dir.test"], "defaultCacheBehavior": {"targetOriginId": "site"}}],
    }
    return module_launch.edge(config, name="dir")


def get(edge, path, **kw):
    headers = kw.pop("headers", {})
    headers.setdefault("Host", "dir.test")
    return requests.get(f"http://127.0.0.1:{edge.http}{path}", headers=headers, allow_redirects=False,
                        timeout=15, **kw)


def curl_raw(edge, path):
    r = subprocess.run(["curl", "-sS", "--path-as-is", "-H", "Host: dir.test", "-w", "\n%{http_code}",
                        f"http://127.0.0.1:{edge.http}{path}"], capture_output=True, timeout=15)
    assert r.returncode == 0, r.stderr
    body, code = r.stdout.decode(errors="replace").rsplit("\n", 1)
    return int(code), body


def test_index_document(dir_edge):
    r = get(dir_edge, "/")
    assert r.status_code == 200
    assert r.text == "<h1>root index</h1>\n"
    assert r.headers["Content-Type"].startswith("text/html")
    r = get(dir_edge, "/dir/")
    assert r.status_code == 200
    assert r.text == "<h1>dir index</h1>\n"


def test_plain_file_and_missing_file(dir_edge):
    r = get(dir_edge, "/file.txt")
    assert r.status_code == 200
    assert r.text == FILE_TEXT
    assert r.headers["Content-Type"].startswith("text/plain")
    assert get(dir_edge, "/nope.txt").status_code == 404


def test_etag_if_none_match_304(dir_edge):
    r = get(dir_edge, "/file.txt")
    etag = r.headers.get("ETag")
    assert etag, r.headers
    r2 = get(dir_edge, "/file.txt", headers={"If-None-Match": etag})
    assert r2.status_code == 304
    assert r2.content == b""
    assert r2.headers.get("ETag") == etag
    r3 = get(dir_edge, "/file.txt", headers={"If-None-Match": '"something-else"'})
    assert r3.status_code == 200


def test_range_206(dir_edge):
    r = get(dir_edge, "/file.txt", headers={"Range": "bytes=0-9"})
    assert r.status_code == 206
    assert r.content == b"0123456789"
    assert r.headers["Content-Range"] == f"bytes 0-9/{len(FILE_TEXT)}"
    assert r.headers["Content-Length"] == "10"
    r = get(dir_edge, "/file.txt", headers={"Range": "bytes=-5"})
    assert r.status_code == 206
    assert r.content == FILE_TEXT.encode()[-5:]


def test_unsatisfiable_range_416(dir_edge):
    r = get(dir_edge, "/file.txt", headers={"Range": "bytes=1000-2000"})
    assert r.status_code == 416
    assert r.headers.get("Content-Range") == f"bytes */{len(FILE_TEXT)}"


@pytest.mark.parametrize("path", [
    "/../etc/passwd",
    "/../../../../etc/passwd",
    "/../secret.txt",
    "/dir/../../secret.txt",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/dir/..%2f..%2fsecret.txt",
    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/escape.txt",
    "/escapedir/inner.txt",
    "/passwd",
])
def test_traversal_refused(dir_edge, path):
    code, body = curl_raw(dir_edge, path)
    assert code in (400, 403, 404), (path, code, body)
    assert "TOPSECRET" not in body
    assert "root:" not in body


def test_directory_without_slash_redirects(dir_edge):
    r = get(dir_edge, "/dir")
    assert r.status_code == 301
    location = r.headers["Location"]
    assert location == "/dir/" or location.endswith("://dir.test/dir/") or location.endswith(f":{dir_edge.http}/dir/"), location


def test_head_has_length_and_no_body(dir_edge):
    r = requests.head(f"http://127.0.0.1:{dir_edge.http}/file.txt", headers={"Host": "dir.test"}, timeout=15)
    assert r.status_code == 200
    assert r.headers["Content-Length"] == str(len(FILE_TEXT))
    assert r.content == b""
