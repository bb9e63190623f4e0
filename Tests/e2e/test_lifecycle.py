"""Reload on SIGHUP (good and broken configurations) and graceful stop on SIGTERM."""

import copy
import re
import signal
import threading

import requests
import yaml

from conftest import http_listener
from support import port_accepts, raw_connect, read_response, wait_until


def config_for(launch, target, origins):
    return {
        "node": {"name": "reload-node", "stateDirectory": str(launch.directory / "state"), "drainTimeout": "10s"},
        "listeners": [http_listener()],
        "origins": [{"id": o.name, "http": {"url": o.url}} for o in origins],
        "distributions": [{"id": "r", "aliases": ["reload.test"],
                           "defaultCacheBehavior": {"targetOriginId": target}}],
    }


def retarget(edge, target):
    """The running edge's configuration (with its assigned listener ports) routed to `target`."""
    config = copy.deepcopy(edge.config)
    config["distributions"][0]["defaultCacheBehavior"]["targetOriginId"] = target
    return config


def ask(sock, f, path="/echo"):
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: reload.test\r\n\r\n".encode())
    r = read_response(f)
    assert r is not None, "connection closed"
    return r


def test_reload_changes_routing_and_keeps_connections(launch):
    a, b = launch.origin("A"), launch.origin("B")
    edge = launch.edge(config_for(launch, "A", [a, b]))
    s, f = raw_connect(edge.http)
    try:
        r = ask(s, f)
        assert r.status == 200 and r.header("X-Origin-Name") == "A"
        edge.config_path.write_text(yaml.safe_dump(retarget(edge, "B"), sort_keys=False))
        edge.send_signal(signal.SIGHUP)
        wait_until(lambda: "configuration applied" in edge.stderr_text(), 10, what="reload applied on stderr")
        # the connection opened before the reload still works, and sees the new routing
        r = ask(s, f)
        assert r.status == 200
        assert r.header("X-Origin-Name") == "B"
    finally:
        f.close()
        s.close()
    r = requests.get(f"http://127.0.0.1:{edge.http}/echo", headers={"Host": "reload.test"}, timeout=15)
    assert r.headers["X-Origin-Name"] == "B"
    assert edge.proc.poll() is None


def test_reload_with_broken_config_keeps_old(launch):
    a, b = launch.origin("A"), launch.origin("B")
    edge = launch.edge(config_for(launch, "A", [a, b]))
    s, f = raw_connect(edge.http)
    try:
        assert ask(s, f).header("X-Origin-Name") == "A"
        text = yaml.safe_dump(retarget(edge, "B"), sort_keys=False)
        text = text.replace("targetOriginId:", "targetOrigin:")  # unknown key (and the required one missing)
        lines = text.splitlines()
        bad_line = next(i for i, line in enumerate(lines, 1) if "targetOrigin:" in line)
        edge.config_path.write_text(text)
        edge.send_signal(signal.SIGHUP)
        wait_until(lambda: "keeping the previous configuration" in edge.stderr_text(), 10,
                   what="reload rejection on stderr")
        err = edge.stderr_text()
        assert re.search(rf"{re.escape(str(edge.config_path))}:{bad_line}:", err), err
        assert "targetOrigin" in err
        # still the old configuration, on the old connection and on a new one
        r = ask(s, f)
        assert r.status == 200 and r.header("X-Origin-Name") == "A"
    finally:
        f.close()
        s.close()
    r = requests.get(f"http://127.0.0.1:{edge.http}/echo", headers={"Host": "reload.test"}, timeout=15)
    assert r.headers["X-Origin-Name"] == "A"
    assert edge.proc.poll() is None


def established_to(port):
    """Whether an established TCP connection to 127.0.0.1:port exists (from /proc/net/tcp)."""
    want = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as fh:
        for line in fh.readlines()[1:]:
            fields = line.split()
            if fields[2] == want and fields[3] == "01":
                return True
    return False


def test_graceful_stop_finishes_in_flight_request(launch):
    a = launch.origin("A")
    edge = launch.edge(config_for(launch, "A", [a]))
    result = {}

    def slow_request():
        try:
            result["response"] = requests.get(f"http://127.0.0.1:{edge.http}/slow/1500",
                                              headers={"Host": "reload.test"}, timeout=30)
        except Exception as error:  # reported by the assertion below
            result["error"] = error

    t = threading.Thread(target=slow_request)
    t.start()
    try:
        # bounded wait until edge has the request in flight at the origin
        wait_until(lambda: established_to(a.port), 10, what="edge connected to the origin")
        edge.send_signal(signal.SIGTERM)
        code = edge.wait_exit(timeout=20)
    finally:
        t.join(timeout=30)
    assert "error" not in result, result.get("error")
    r = result["response"]
    assert r.status_code == 200
    assert "slept 1500" in r.text
    assert code == 0, edge.stderr_text()
    assert not port_accepts(edge.http)


def test_graceful_stop_idle_exits_zero(launch):
    a = launch.origin("A")
    edge = launch.edge(config_for(launch, "A", [a]))
    # an idle keep-alive connection must not hold the stop for the whole drain timeout... but must be closed
    s, f = raw_connect(edge.http)
    try:
        assert ask(s, f).status == 200
        edge.send_signal(signal.SIGTERM)
        code = edge.wait_exit(timeout=20)
        assert code == 0
        s.settimeout(5)
        assert f.read(1) == b""
    finally:
        f.close()
        s.close()
    assert not port_accepts(edge.http)
