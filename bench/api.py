"""Open311 under load: gunicorn serving PostgreSQL, concurrent clients from this machine.

32 clients (threads) for a fixed time each phase, all to 127.0.0.1 only:
  1. the trivial health endpoint (the peer, same server, same run),
  2. POST /open311/v2/requests.json, form-encoded, one in ten multipart with a photo,
  3. GET /open311/v2/requests/{id}.json for the requests just created.
Prints requests/s, p50/p95/p99 and errors per phase, and each phase's ratio to health.
Targets: zero errors; creates at least 0.25 and reads at least 0.5 of health.

    .venv/bin/python bench/api.py [--duration 60] [--clients 32] [--workers 2xCPUS+1]
"""

import argparse
import io
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests
from _django import ROOT, fresh_database, percentile

PORT = 8250
BASE = f"http://127.0.0.1:{PORT}"


@dataclass
class Phase:
    name: str
    timings_ms: list[float] = field(default_factory=list)
    errors: int = 0
    references: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rate(self, seconds: float) -> float:
        return len(self.timings_ms) / seconds

    def line(self, seconds: float, health: float | None) -> str:
        t = self.timings_ms or [0.0]
        ratio = f", ratio to health {self.rate(seconds) / health:.2f}" if health else ""
        return (
            f"{self.name:>8}: {self.rate(seconds):8.1f} req/s, p50 {percentile(t, 0.5):.1f} ms, "
            f"p95 {percentile(t, 0.95):.1f} ms, p99 {percentile(t, 0.99):.1f} ms, "
            f"errors {self.errors} of {len(self.timings_ms) + self.errors}{ratio}"
        )


def a_photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "grey").save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def run_phase(
    phase: Phase, clients: int, seconds: float, call: Callable[[requests.Session, int], str | None]
) -> None:
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        session = requests.Session()
        i = 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                reference = call(session, number * 1_000_000 + i)
                ok = True
            except (requests.RequestException, AssertionError, KeyError, ValueError):
                ok, reference = False, None
            elapsed = (time.perf_counter() - started) * 1000
            with phase.lock:
                if ok:
                    phase.timings_ms.append(elapsed)
                    if reference:
                        phase.references.append(reference)
                else:
                    phase.errors += 1
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn sync workers (default: its documented 2 x cores + 1)",
    )
    args = parser.parse_args()

    url = fresh_database("fd_api_bench")
    from frontdoor.api.keys import create_api_key
    from frontdoor.people.models import Address

    key = create_api_key(name="Bench", requests_per_minute=10**9).key
    uprns = list(Address.objects.order_by("pk").values_list("uprn", flat=True)[:500])
    media = tempfile.mkdtemp(prefix="fd-bench-media-")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        # Persistent connections, as a production deployment runs.
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "FRONTDOOR_MEDIA_ROOT": media,
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "frontdoor.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if requests.get(f"{BASE}/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        photo = a_photo()

        def health(session: requests.Session, i: int) -> None:
            assert session.get(f"{BASE}/health", timeout=30).status_code == 200

        def create(session: requests.Session, i: int) -> str:
            data = {
                "api_key": key,
                "service_code": "fly-tipping",
                "address_id": random.choice(uprns),
                "attribute[waste_type][]": ["bags"],
                "attribute[size]": "single",
                "attribute[private_land]": "no",
                "description": f"Bags dumped, bench report {i}.",
            }
            files = {"media": ("photo.jpg", photo, "image/jpeg")} if i % 10 == 0 else None
            response = session.post(
                f"{BASE}/open311/v2/requests.json", data=data, files=files, timeout=30
            )
            assert response.status_code == 201, response.text
            return str(response.json()[0]["service_request_id"])

        created = Phase("creates")

        def read(session: requests.Session, i: int) -> None:
            reference = random.choice(created.references)
            response = session.get(f"{BASE}/open311/v2/requests/{reference}.json", timeout=30)
            assert response.status_code == 200
            assert response.json()[0]["service_request_id"] == reference

        peer = Phase("health")
        reads = Phase("reads")
        run_phase(peer, args.clients, args.duration, health)
        run_phase(created, args.clients, args.duration, create)
        run_phase(reads, args.clients, args.duration, read)
    finally:
        server.terminate()
        server.wait(timeout=30)

    base = peer.rate(args.duration)
    print(
        f"bench/api.py: {args.clients} clients, {args.duration:.0f} s per phase, "
        f"gunicorn {args.workers} sync workers, PostgreSQL"
    )
    print(peer.line(args.duration, None))
    print(created.line(args.duration, base) + "  (target >= 0.25, zero errors)")
    print(reads.line(args.duration, base) + "  (target >= 0.50, zero errors)")


if __name__ == "__main__":
    main()
