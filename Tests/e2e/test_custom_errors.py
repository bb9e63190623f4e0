"""customErrorResponses: error pages fetched through the distribution's own behaviors (curl, requests)."""

import json
import socket

import pytest
import requests

from conftest import http_listener


def free_port_with_nothing_listening():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="module")
def errors_edge(module_launch):
    origin = module_launch.origin("E")
    site = module_launch.directory / "errsite"
    (site / "errors").mkdir(parents=True)
    (site / "index.html").write_text("home\n")
    (site / "errors" / "404.html").write_text("<h1>custom not found</h1>\n")
    (site / "errors" / "503.html").write_text("<h1>we will be right back</h1>\n")
    config = {
        "node": {"name": "err-node", "stateDirectory": str(module_launch.directory / "errstate")},
        "listeners": [http_listener()],
        "origins": [
            {"id": "site", "directory": {"path": str(site)}},
            {"id": "api", "http": {"url": origin.url}},
            {"id": "dead", "http": {"url": f"http://127.0.0.1:{free_port_with_nothing_listening()}"},
             "connectionAttempts": 1, "connectionTimeout": "1s"},
        ],
        "distributions": [{
            "id": "d",
            "aliases": ["err.test"],
            "cacheBehaviors": [
                {"pathPattern": "/status/*", "targetOriginId": "api"},
                {"pathPattern": "/dead/*", "targetOriginId": "dead"},
                {"pathPattern": "/errors/*", "targetOriginId": "site"},
            ],
            "defaultCacheBehavior": {"targetOriginId": "site"},
            "customErrorResponses": [
                {"errorCode": 404, "responsePagePath": "/errors/404.html", "responseCode": 404},
                {"errorCode": 500, "responsePagePath": "/errors/503.html", "responseCode": 503},
                {"errorCode": 502, "responsePagePath": "/errors/missing.html", "responseCode": 200},
            ],
        }],
    }
    return module_launch.edge(config, name="errors")


def get(edge, path, method="GET"):
    return requests.request(method, f"http://127.0.0.1:{edge.http}{path}", headers={"Host": "err.test"},
                            allow_redirects=False, timeout=15)


def test_directory_404_gets_the_custom_page(errors_edge):
    r = get(errors_edge, "/no/such/file")
    assert r.status_code == 404
    assert r.text == "<h1>custom not found</h1>\n"
    assert r.headers["Content-Type"].startswith("text/html")


def test_origin_500_gets_the_page_with_the_configured_code(errors_edge):
    r = get(errors_edge, "/status/500")
    assert r.status_code == 503
    assert "right back" in r.text
    assert "X-Origin-Name" not in r.headers  # the page came from the directory, not the failing origin


def test_unlisted_error_status_passes_through(errors_edge):
    r = get(errors_edge, "/status/418")
    assert r.status_code == 418
    assert r.headers.get("X-Origin-Name") == "E"


def test_missing_page_keeps_the_original_error(errors_edge):
    # 502 (origin unreachable) is configured with a page that does not exist: never answer 200.
    r = get(errors_edge, "/dead/x")
    assert r.status_code == 502
    assert "127.0.0.1" not in r.text


def test_head_gets_the_page_headers_without_body(errors_edge):
    r = get(errors_edge, "/nothing-here", method="HEAD")
    assert r.status_code == 404
    assert r.headers["Content-Length"] == str(len("<h1>custom not found</h1>\n"))
    assert r.text == ""


def test_one_access_log_line_per_viewer_request(errors_edge):
    get(errors_edge, "/gone-missing")
    line = errors_edge.wait_for_log(lambda e: e.get("path") == "/gone-missing")
    assert line["status"] == 404
    lines = [e for e in errors_edge.access_log_lines() if e.get("path") in ("/gone-missing", "/errors/404.html")]
    assert [e["path"] for e in lines] == ["/gone-missing"]
