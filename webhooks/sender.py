"""One HTTP POST of a webhook to a checked address: bounded in time, no redirects, 1 KiB of the answer kept."""

import time
from dataclasses import dataclass

import httpx

MAX_BODY = 1024


@dataclass(frozen=True)
class Outcome:
    status: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and not self.error


_clients: dict[tuple[float, str], httpx.Client] = {}


def _client(timeout: float, host: str) -> httpx.Client:
    # Clients live as long as the worker process, so connections stay open between deliveries.
    # One per host name: the pool knows connections by the pinned address only, and two hosts
    # behind one address must not share a TLS connection made for the other's name.
    key = (timeout, host)
    if key not in _clients:
        _clients[key] = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False)
    return _clients[key]


def _pinned(url: str, address: str) -> tuple[httpx.URL, dict[str, str], dict]:
    """The URL aimed at `address`, with the Host header and TLS server name of the original host."""
    original = httpx.URL(url)
    host_header = original.host if original.port is None else f"{original.host}:{original.port}"
    extensions = {"sni_hostname": original.host} if original.scheme == "https" else {}
    return original.copy_with(host=address), {"host": host_header}, extensions


def post(
    *, url: str, address: str, headers: dict[str, str], body: str, timeout: float, clock=time.monotonic
) -> Outcome:
    """POSTs `body` to `url` at `address`; every failure becomes an Outcome with an error, never an exception."""
    target, host, extensions = _pinned(url, address)
    client = _client(timeout, host["host"])
    started = clock()
    status, kept, error = None, b"", ""
    try:
        request = client.build_request(
            "POST", target, headers={**headers, **host}, content=body.encode(), extensions=extensions
        )
        response = client.send(request, stream=True)
        try:
            status = response.status_code
            for chunk in response.iter_raw():
                kept += chunk
                # Only the start of an answer is kept, and a slow drip cannot outlast the timeout.
                if len(kept) >= MAX_BODY or clock() - started > timeout:
                    break
        finally:
            response.close()
    except httpx.TimeoutException:
        error = f"no answer within {timeout:g} s"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    if status is not None and not 200 <= status < 300 and not error:
        error = f"answered {status}" + (" (redirects are not followed)" if 300 <= status < 400 else "")
    duration_ms = int((clock() - started) * 1000)
    return Outcome(status, kept[:MAX_BODY].decode(errors="replace"), error, duration_ms)
