"""Fixtures for the end-to-end suite: the edge binary, origins, and edge processes.

Run from the repository root: ``python3 -m pytest Tests/e2e -q``. The binary is ``$EDGE_BIN``, by default
``<repo>/.build/debug/edge`` (built with ``swift build --product edge`` when missing).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import EDGE_BIN, REPO, Edge, Origin, assign_ports, write_config  # noqa: E402


@pytest.fixture(scope="session")
def edge_bin():
    if not EDGE_BIN.exists():
        if "EDGE_BIN" in os.environ or shutil.which("swift") is None:
            pytest.fail(f"edge binary {EDGE_BIN} not found (set EDGE_BIN or build it)")
        subprocess.run(["swift", "build", "--product", "edge"], cwd=REPO, check=True, timeout=3600)
    assert EDGE_BIN.exists(), EDGE_BIN
    return EDGE_BIN


class Launcher:
    """Starts origins and edges into one directory and stops them all (by PID) at teardown."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.started = []
        self.count = 0

    def origin(self, name: str, host="127.0.0.1", port=0) -> Origin:
        origin = Origin(name, self.directory, host=host, port=port)
        self.started.append(origin)
        return origin

    def edge(self, config: dict, name=None, cwd=None, wait=True) -> Edge:
        """Writes `config` (listeners without `address` get free ports) and starts `edge serve --config`."""
        self.count += 1
        workdir = self.directory / (name or f"edge{self.count}")
        workdir.mkdir(parents=True, exist_ok=True)
        ports = assign_ports(config)
        config_path = workdir / "edge.yaml"
        write_config(config_path, config)
        edge = Edge(config_path, workdir, ports, cwd=cwd, wait=False)
        self.started.append(edge)
        if wait:
            edge.wait_ready()
        edge.config = config
        return edge

    def stop_all(self):
        for proc in reversed(self.started):
            try:
                proc.stop()
            except Exception as error:  # keep stopping the others
                print(f"teardown: {error}", file=sys.stderr)


@pytest.fixture
def launch(edge_bin, tmp_path):
    launcher = Launcher(tmp_path)
    yield launcher
    launcher.stop_all()


@pytest.fixture(scope="module")
def module_launch(edge_bin, tmp_path_factory):
    launcher = Launcher(tmp_path_factory.mktemp("mod"))
    yield launcher
    launcher.stop_all()


def http_listener(name="http", **extra):
    return {"name": name, "protocol": "http", **extra}


def https_listener(name="https", **extra):
    return {"name": name, "protocol": "https", **extra}


@pytest.fixture
def origin_pair(launch):
    return launch.origin("A"), launch.origin("B")
