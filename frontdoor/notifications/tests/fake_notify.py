"""A local HTTP server that answers like GOV.UK Notify's v2 API, for tests and the benchmark.

Each recipient can be given a script of answers ("accept", "reject", "timeout",
"error", "rate-limit"); without one, every send is accepted. A "timeout" keeps
the notification (as Notify would) but answers too late, which is what a worker
killed mid-send or a lost reply looks like to the sender.
"""

import json
import threading
import time
import uuid
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_KEY = f"frontdoor_test-{uuid.UUID(int=1)}-{uuid.UUID(int=2)}"


class FakeNotify(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, *, slow_seconds: float = 2.0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.slow_seconds = slow_seconds
        self.scripts: dict[str, list[str]] = defaultdict(list)
        self.notifications: list[dict[str, Any]] = []
        self.posts = 0
        self.lock = threading.Lock()
        self.retry_after = "30"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def script(self, recipient: str, *answers: str) -> None:
        self.scripts[recipient].extend(answers)

    def sent_to(self, recipient: str) -> list[dict[str, Any]]:
        return [n for n in self.notifications if n["to"] == recipient]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up waiting (our timeout) closes the socket: expected here.
        return

    def start(self) -> "FakeNotify":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FakeNotify
    protocol_version = "HTTP/1.1"
    # One write per response and no Nagle delay, as a real API server behaves.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def _answer(
        self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/v2/notifications":
            self._answer(404, {"errors": [{"error": "NotFound"}]})
            return
        reference = parse_qs(url.query).get("reference", [""])[0]
        with self.server.lock:
            found = [n for n in self.server.notifications if n["reference"] == reference]
        self._answer(200, {"notifications": found, "links": {}})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        payload = json.loads(self.rfile.read(length) or b"{}")
        kind = self.path.rsplit("/", 1)[-1]
        if not self.headers.get("Authorization", "").startswith("Bearer "):
            self._answer(403, {"errors": [{"error": "AuthError"}]})
            return
        recipient = payload.get("email_address") or payload.get("phone_number") or ""
        if kind == "letter":
            recipient = payload.get("personalisation", {}).get("address_line_1", "")
        with self.server.lock:
            self.server.posts += 1
            script = self.server.scripts.get(recipient)
            answer = script.pop(0) if script else "accept"
        if answer == "reject":
            error = {"error": "BadRequestError", "message": "Not a valid email address"}
            self._answer(400, {"status_code": 400, "errors": [error]})
            return
        if answer == "error":
            self._answer(500, {"errors": [{"error": "Exception"}]})
            return
        if answer == "rate-limit":
            headers = {"Retry-After": self.server.retry_after}
            self._answer(429, {"errors": [{"error": "RateLimitError"}]}, headers)
            return
        notification = {
            "id": str(uuid.uuid4()),
            "reference": payload.get("reference"),
            "to": recipient,
            "type": kind,
            "status": "created",
            "personalisation": payload.get("personalisation", {}),
        }
        with self.server.lock:
            self.server.notifications.append(notification)
        if answer == "timeout":
            time.sleep(self.server.slow_seconds)
        self._answer(201, {"id": notification["id"], "reference": notification["reference"]})
