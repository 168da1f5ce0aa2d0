"""`make run`'s last step: web server, worker and scheduler start together, stop on Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_platform_serves_and_ctrl_c_stops_server_and_worker(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env |= {"FRONTDOOR_VAR_DIR": str(tmp_path), "PORT": str(free_port())}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    platform = subprocess.Popen(
        [*manage, "run_platform"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        for _ in range(180):  # a busy machine starts three Django processes at once
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{env['PORT']}/health") as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert body == "ok"
        os.killpg(platform.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        assert platform.wait(timeout=30) == 0
        output = platform.stdout.read() if platform.stdout else ""
        assert "with its worker" in output
        assert (
            subprocess.run(
                ["pgrep", "-f", f"runserver 127.0.0.1:{env['PORT']}"],
                check=False,
            ).returncode
            == 1
        )
    finally:
        if platform.poll() is None:
            os.killpg(platform.pid, signal.SIGKILL)
