"""Streaming 1 GiB through edge in both directions with bounded memory (VmRSS sampled from /proc)."""

import json
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import http_listener

GIB = 1024 * 1024 * 1024
RSS_LIMIT_MIB = 150
# A transfer that makes no progress for 15 s fails (curl exit 28) instead of waiting for a timeout.
STALL = ["--speed-limit", "1", "--speed-time", "15"]


class RSSSampler:
    """Samples VmRSS of a process every ~100 ms in a thread."""

    def __init__(self, pid):
        self.pid = pid
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _read(self):
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None

    def _run(self):
        while not self._stop.is_set():
            v = self._read()
            if v is not None:
                self.samples.append(v)
            self._stop.wait(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)

    @property
    def max_mib(self):
        return max(self.samples) / (1024 * 1024) if self.samples else 0.0


@pytest.fixture(scope="module")
def stream_edge(module_launch):
    origin = module_launch.origin("S")
    config = {
        "node": {"name": "stream-node", "stateDirectory": str(module_launch.directory / "state"), "drainTimeout": "3s"},
        "listeners": [http_listener()],
        "origins": [{"id": "S", "http": {"url": origin.url}, "responseTimeout": "120s"}],
        "distributions": [{
            "id": "stream", "aliases": ["stream.test"],
            "defaultCacheBehavior": {"targetOriginId": "S", "cachePolicy": "CachingDisabled",
                                     "allowedMethods": ["GET", "HEAD", "PUT", "POST"],
                                     "maxRequestBodyBytes": "2GiB"},
        }],
    }
    return module_launch.edge(config, name="stream")


def report(request, what, sampler):
    msg = f"{what}: max edge VmRSS {sampler.max_mib:.1f} MiB over {len(sampler.samples)} samples"
    print(msg)
    request.node.user_properties.append(("max_rss_mib", round(sampler.max_mib, 1)))


@pytest.mark.parametrize("kind", ["bytes", "chunked"])
def test_download_1gib_bounded_memory(stream_edge, request, kind):
    if kind == "chunked":
        size = 512 * 1024 * 1024  # chunked origin framing: half the size keeps the suite short
    else:
        size = GIB
    with RSSSampler(stream_edge.pid) as sampler:
        r = subprocess.run(
            ["curl", "-sS", *STALL, "-o", "/dev/null", "-H", "Host: stream.test", "-w", "%{http_code} %{size_download}",
             f"http://127.0.0.1:{stream_edge.http}/{kind}/{size}"],
            capture_output=True, timeout=150,
        )
    report(request, f"download {kind} {size}", sampler)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == f"200 {size}"
    assert len(sampler.samples) > 0
    assert sampler.max_mib < RSS_LIMIT_MIB, f"edge VmRSS reached {sampler.max_mib:.1f} MiB"


def test_upload_1gib_bounded_memory(stream_edge, request, tmp_path):
    sparse = tmp_path / "sparse-1gib"
    with open(sparse, "wb") as f:
        f.truncate(GIB)  # sparse: no disk blocks
    with RSSSampler(stream_edge.pid) as sampler:
        r = subprocess.run(
            ["curl", "-sS", *STALL, "-T", str(sparse), "-H", "Host: stream.test", "-H", "Expect:",
             f"http://127.0.0.1:{stream_edge.http}/upload"],
            capture_output=True, timeout=150,
        )
    report(request, "upload content-length 1GiB", sampler)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["received"] == GIB
    assert sampler.max_mib < RSS_LIMIT_MIB, f"edge VmRSS reached {sampler.max_mib:.1f} MiB"


def test_upload_chunked_from_pipe_bounded_memory(stream_edge, request):
    """`curl -T -` reads a pipe and sends Transfer-Encoding: chunked."""
    size = 256 * 1024 * 1024
    gen = subprocess.Popen(["head", "-c", str(size), "/dev/zero"], stdout=subprocess.PIPE)
    try:
        with RSSSampler(stream_edge.pid) as sampler:
            r = subprocess.run(
                ["curl", "-sS", *STALL, "-T", "-", "-H", "Host: stream.test", "-H", "Expect:",
                 f"http://127.0.0.1:{stream_edge.http}/upload"],
                stdin=gen.stdout, capture_output=True, timeout=150,
            )
    finally:
        gen.stdout.close()
        gen.wait(timeout=10)
    report(request, "upload chunked 256MiB", sampler)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["received"] == size
    assert sampler.max_mib < RSS_LIMIT_MIB, f"edge VmRSS reached {sampler.max_mib:.1f} MiB"


@pytest.mark.parametrize("mode", ["content-length", "chunked"])
def test_upload_10mib(stream_edge, tmp_path, mode):
    """A plain 10 MiB upload (no memory sampling): pins request-body streaming on its own."""
    size = 10 * 1024 * 1024
    src = tmp_path / "ten"
    with open(src, "wb") as f:
        f.truncate(size)
    if mode == "content-length":
        args = ["-T", str(src)]
        stdin = None
    else:
        args = ["-T", "-"]
        stdin = open(src, "rb")
    try:
        r = subprocess.run(["curl", "-sS", *STALL, *args, "-H", "Host: stream.test", "-H", "Expect:",
                            "-w", "\n%{http_code}", f"http://127.0.0.1:{stream_edge.http}/upload"],
                           stdin=stdin, capture_output=True, timeout=60)
    finally:
        if stdin:
            stdin.close()
    assert r.returncode == 0, r.stderr
    body, code = r.stdout.decode().rsplit("\n", 1)
    assert code == "200", body
    assert json.loads(body)["received"] == size


# -- HTTP/2 and slow viewers: the same bounds must hold when the viewer side is the slow one ------------


@pytest.fixture(scope="module")
def h2_stream_edge(module_launch):
    origin = module_launch.origin("S2")
    config = {
        "node": {"name": "stream2-node", "stateDirectory": str(module_launch.directory / "state2"),
                 "drainTimeout": "3s"},
        "listeners": [http_listener(), {"name": "https", "protocol": "https"}],
        "certificates": [{"domains": ["stream.test"], "selfSigned": True, "default": True}],
        "origins": [{"id": "S2", "http": {"url": origin.url}, "responseTimeout": "120s"}],
        "distributions": [{
            "id": "stream2", "aliases": ["stream.test"],
            "defaultCacheBehavior": {"targetOriginId": "S2", "cachePolicy": "CachingDisabled",
                                     "allowedMethods": ["GET", "HEAD", "PUT", "POST"],
                                     "maxRequestBodyBytes": "2GiB"},
        }],
    }
    return module_launch.edge(config, name="stream2")


def h2_url(edge, path):
    return ["--http2", "-k", "--resolve", f"stream.test:{edge.https}:127.0.0.1", f"https://stream.test:{edge.https}{path}"]


def test_h2_download_bounded_memory(h2_stream_edge, request):
    size = 512 * 1024 * 1024
    with RSSSampler(h2_stream_edge.pid) as sampler:
        r = subprocess.run(["curl", "-sS", *STALL, "-o", "/dev/null", "-w", "%{http_version} %{http_code} %{size_download}",
                            *h2_url(h2_stream_edge, f"/bytes/{size}")], capture_output=True, timeout=150)
    report(request, "h2 download 512MiB", sampler)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == f"2 200 {size}"
    assert sampler.max_mib < RSS_LIMIT_MIB, f"edge VmRSS reached {sampler.max_mib:.1f} MiB"


def test_h2_upload_bounded_memory(h2_stream_edge, request, tmp_path):
    size = 512 * 1024 * 1024
    sparse = tmp_path / "sparse-512m"
    with open(sparse, "wb") as f:
        f.truncate(size)
    with RSSSampler(h2_stream_edge.pid) as sampler:
        r = subprocess.run(["curl", "-sS", *STALL, "-T", str(sparse), *h2_url(h2_stream_edge, "/upload")],
                           capture_output=True, timeout=150)
    report(request, "h2 upload 512MiB", sampler)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["received"] == size
    assert sampler.max_mib < RSS_LIMIT_MIB, f"edge VmRSS reached {sampler.max_mib:.1f} MiB"


@pytest.mark.parametrize("protocol", ["h1", "h2"])
def test_slow_viewer_is_backpressured(h2_stream_edge, request, protocol):
    """A viewer reading at 32 MB/s from a much faster origin: edge must hold back the origin, not buffer."""
    size = 128 * 1024 * 1024
    if protocol == "h1":
        target = ["-H", "Host: stream.test", f"http://127.0.0.1:{h2_stream_edge.http}/bytes/{size}"]
    else:
        target = h2_url(h2_stream_edge, f"/bytes/{size}")
    with RSSSampler(h2_stream_edge.pid) as sampler:
        r = subprocess.run(["curl", "-sS", "--limit-rate", "32M", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                            *target], capture_output=True, timeout=60)
    report(request, f"slow {protocol} viewer 128MiB", sampler)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == f"200 {size}"
    # Without backpressure edge would hold most of the 128 MiB while the viewer lags behind.
    assert sampler.max_mib < 100, f"edge VmRSS reached {sampler.max_mib:.1f} MiB"
