"""The load generator's HTTP client: one keep-alive connection per client thread.

The clients run on the same two cores as the server they measure, so they should cost it as
little as possible: http.client on a kept-alive connection spends about a third of the CPU
per request that `requests` or a fresh urllib connection did.
"""

import http.client
import json
from urllib.parse import urlencode, urlparse

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class Api:
    def __init__(self, base_url: str, token: str):
        url = urlparse(base_url)
        if url.hostname not in LOOPBACK:
            raise ValueError(f"bench only talks to loopback, not {url.hostname!r}")
        self.host, self.port = url.hostname, url.port or 80
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def call(self, method: str, path: str, body=None, headers=None, *,
             params: dict | None = None) -> tuple[int, bytes]:
        """``body``: a JSON value, or bytes sent as they are (with their own Content-Type)."""
        if params:
            path = f"{path}?{urlencode(params)}"
        if body is None or isinstance(body, bytes):
            data = body
        else:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers={**self.headers,
                                                                    **(headers or {})})
                res = self.conn.getresponse()
                return res.status, res.read()
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def json(self, path: str):
        status, body = self.call("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} → {status}: {body[:200]!r}")
        return json.loads(body)
