"""The Docker image: built and started when a Docker daemon is there; its health check wired to the heartbeat always."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"


def _docker_daemon_missing() -> str | None:
    if shutil.which("docker") is None:
        return "no docker client on this machine"
    try:
        info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "docker info timed out"
    if info.returncode != 0:
        return f"no Docker daemon: docker info failed ({(info.stderr.strip().splitlines() or ['?'])[-1]})"
    return None


def test_the_health_check_reads_the_heartbeat_the_service_writes_and_the_user_is_not_root() -> None:
    text = DOCKERFILE.read_text()
    heartbeat = re.search(r"ETSTATS_HEARTBEAT_FILE=(\S+)", text)
    health = re.search(r"HEALTHCHECK .*?CMD (\[.*?\])", text, re.S)
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert heartbeat and health and user
    assert json.loads(health.group(1)) == ["python", "-m", "etstats.monitor.heartbeat", heartbeat.group(1)]
    assert user[-1] not in ("root", "0")


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    reason = _docker_daemon_missing()
    if reason is not None:
        pytest.skip(reason)
    tag = f"etstats-test:{secrets.token_hex(4)}"
    subprocess.run(["docker", "build", "-t", tag, str(ROOT)], check=True, capture_output=True, timeout=900)
    yield tag
    subprocess.run(["docker", "image", "rm", "-f", tag], capture_output=True)


def test_the_image_checks_runs_and_turns_healthy(image: str, tmp_path: Path, corpus_dir: Path) -> None:
    folder = tmp_path / "gamestats"
    folder.mkdir()
    shutil.copy(corpus_dir / R1, folder / R1)
    folder.chmod(0o755)
    mount = ["-v", f"{folder}:/data/gamestats:ro"]
    whoami = subprocess.run(
        ["docker", "run", "--rm", "--entrypoint", "id", image, "-u"], capture_output=True, text=True
    )
    assert whoami.stdout.strip() == "10001"
    check = subprocess.run(["docker", "run", "--rm", *mount, image, "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "✓ source local: 1 round files in /data/gamestats" in check.stdout
    name = f"etstats-test-{secrets.token_hex(4)}"
    options = ["--health-interval", "2s", "--health-start-period", "5s"]
    subprocess.run(["docker", "run", "-d", "--name", name, *options, *mount, image], check=True, capture_output=True)
    try:
        deadline = time.monotonic() + 120
        status = ""
        while time.monotonic() < deadline and status != "healthy":
            time.sleep(1)
            status = subprocess.run(
                ["docker", "inspect", "--format", "{{.State.Health.Status}}", name], capture_output=True, text=True
            ).stdout.strip()
        assert status == "healthy"
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True)
