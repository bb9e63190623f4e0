"""Process helpers for the end-to-end tests: free ports, the edge process, origin processes, certificates.

Every process started here binds 127.0.0.1, is stopped by PID (SIGTERM, then SIGKILL after a timeout),
and every wait is bounded in time.
"""

import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EDGE_BIN = Path(os.environ.get("EDGE_BIN", str(REPO / ".build" / "debug" / "edge")))

START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1 (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_accepts(port: int, timeout=0.2) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(predicate, timeout, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


def stop_process(proc: subprocess.Popen, timeout=STOP_TIMEOUT):
    """SIGTERM, then SIGKILL after `timeout`; returns the exit code."""
    if proc.poll() is not None:
        return proc.returncode
    try:
        proc.send_signal(signal.SIGTERM)
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(timeout=timeout)
    except ProcessLookupError:
        return proc.wait(timeout=timeout)


# -- origin ----------------------------------------------------------------------------------------


class Origin:
    """A running origin_server.py process."""

    def __init__(self, name: str, log_dir: Path, host="127.0.0.1", port=0):
        self.name = name
        self.host = host
        self.stderr_path = log_dir / f"origin-{name}.stderr"
        self._stderr = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "origin_server.py"), "--name", name, "--host", host, "--port", str(port)],
            stdout=subprocess.PIPE, stderr=self._stderr, stdin=subprocess.DEVNULL,
        )
        self.port = self._read_port()
        self.url = f"http://{host}:{self.port}"

    def _read_port(self) -> int:
        deadline = time.monotonic() + START_TIMEOUT
        buf = b""
        fd = self.proc.stdout.fileno()
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                data = os.read(fd, 256)
                if not data:
                    break
                buf += data
                if b"\n" in buf:
                    line = buf.split(b"\n", 1)[0].decode()
                    assert line.startswith("READY "), line
                    return int(line.split()[1])
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"origin {self.name} did not start: {self.stderr_path.read_text()}")

    def stop(self):
        stop_process(self.proc, timeout=5)
        if self.proc.stdout:
            self.proc.stdout.close()
        self._stderr.close()


# -- edge --------------------------------------------------------------------------------------------


class Edge:
    """A running `edge serve` process."""

    def __init__(self, config_path: Path, workdir: Path, ports: dict, cwd=None, args=None, wait=True):
        self.config_path = config_path
        self.workdir = workdir
        self.ports = ports  # listener name -> port
        self.stdout_path = workdir / "edge.stdout"
        self.stderr_path = workdir / "edge.stderr"
        self._out = open(self.stdout_path, "wb")
        self._err = open(self.stderr_path, "wb")
        cmd = [str(EDGE_BIN), "serve"] + (args if args is not None else ["--config", str(config_path)])
        self.proc = subprocess.Popen(cmd, stdout=self._out, stderr=self._err, stdin=subprocess.DEVNULL,
                                     cwd=str(cwd or workdir))
        self.pid = self.proc.pid
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        pending = set(self.ports.values())
        while pending and time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"edge exited with {self.proc.returncode} before listening:\n{self.stderr_text()}")
            pending = {p for p in pending if not port_accepts(p)}
            if pending:
                time.sleep(0.05)
        if pending:
            self.stop()
            raise RuntimeError(f"edge did not listen on {sorted(pending)} within {timeout}s:\n{self.stderr_text()}")

    @property
    def http(self):
        return self.ports.get("http")

    @property
    def https(self):
        return self.ports.get("https")

    def url(self, path="/", listener="http", host="127.0.0.1"):
        scheme = "https" if listener.startswith("https") else "http"
        return f"{scheme}://{host}:{self.ports[listener]}{path}"

    def access_log_lines(self):
        """Parsed JSON access-log lines written so far (non-JSON lines fail the test)."""
        text = self.stdout_path.read_text(errors="replace")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def wait_for_log(self, predicate, timeout=5.0):
        """The first access-log record satisfying predicate (bounded wait: logs are written at response end)."""
        def find():
            for rec in self.access_log_lines():
                if predicate(rec):
                    return rec
            return None
        return wait_until(find, timeout, what="access-log record")

    def stderr_text(self):
        return self.stderr_path.read_text(errors="replace")

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def wait_exit(self, timeout):
        return self.proc.wait(timeout=timeout)

    def ca_path(self):
        return wait_until(lambda: _ca_from_stderr(self.stderr_text()), 10, what="local CA path on stderr")

    def stop(self):
        code = stop_process(self.proc)
        for f in (self._out, self._err):
            if not f.closed:
                f.close()
        return code


def _ca_from_stderr(text):
    for line in text.splitlines():
        if "local CA certificate:" in line:
            path = line.split("local CA certificate:", 1)[1].strip().split(" ", 1)[0]
            if os.path.exists(path):
                return path
    return None


def assign_ports(config: dict) -> dict:
    """Gives every listener without an address a free port; returns name -> port."""
    ports = {}
    for listener in config.get("listeners", []):
        if "address" not in listener:
            listener["address"] = f"127.0.0.1:{free_port()}"
        ports[listener["name"]] = int(listener["address"].rsplit(":", 1)[1])
    return ports


def write_config(path: Path, config: dict):
    path.write_text(yaml.safe_dump(config, sort_keys=False))


# -- certificates ------------------------------------------------------------------------------------


def make_cert(directory: Path, stem: str, names: list, cn=None):
    """A self-signed certificate for `names` made with `openssl req -x509`; returns (cert, key) paths."""
    cert = directory / f"{stem}.pem"
    key = directory / f"{stem}.key"
    san = ",".join(f"DNS:{n}" for n in names)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={cn or names[0]}/O=e2e-{stem}",
         "-addext", f"subjectAltName={san}"],
        check=True, capture_output=True, timeout=30,
    )
    return cert, key


# -- raw HTTP/1.1 ------------------------------------------------------------------------------------


class RawResponse:
    def __init__(self, version, status, reason, headers, body):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name, default=None):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return default

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def __repr__(self):
        return f"<{self.status} {self.reason} {self.headers} {self.body[:200]!r}>"


def read_response(f, method="GET"):
    """Reads one HTTP/1.x response from a binary file object; None on a clean EOF before the status line."""
    line = f.readline(65537)
    if not line:
        return None
    while line in (b"\r\n", b"\n"):
        line = f.readline(65537)
    version, status, *reason = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    status = int(status)
    headers = []
    while True:
        h = f.readline(65537)
        if h in (b"\r\n", b"\n", b""):
            break
        k, v = h.decode("latin-1").split(":", 1)
        headers.append((k.strip(), v.strip()))
    resp = RawResponse(version, status, reason[0] if reason else "", headers, b"")
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return resp
    te = resp.header("transfer-encoding", "")
    cl = resp.header("content-length")
    if "chunked" in te.lower():
        body = bytearray()
        while True:
            size = int(f.readline(65537).split(b";")[0].strip(), 16)
            if size == 0:
                while f.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                break
            body += f.read(size)
            f.readline(3)
        resp.body = bytes(body)
    elif cl is not None:
        resp.body = f.read(int(cl))
    else:
        resp.body = f.read()
    return resp


def raw_connect(port, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return s, s.makefile("rb")


def raw_exchange(port, data: bytes, method="GET", timeout=10):
    """Sends `data` on a new connection and reads one response."""
    s, f = raw_connect(port, timeout)
    try:
        s.sendall(data)
        return read_response(f, method)
    finally:
        f.close()
        s.close()


def connection_closed(sock, f, timeout=5.0):
    """True when the peer closes the connection (EOF or reset) within `timeout` with no further bytes."""
    sock.settimeout(timeout)
    try:
        return f.read(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False
