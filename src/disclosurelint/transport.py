"""The connections under `web.Fetcher`: one deadline per page, one lookup per connection.

httpx's timeouts bound each network operation, and each read starts its own: a server that
sends its status line or headers a byte at a time keeps one page going for as long as it likes.
Here every read, write, TLS handshake and connection attempt of a request is bounded by the
deadline of the page being fetched (`Scope.request`), so `--timeout` is total, from the first
connection to the last byte, whatever the server sends.

The network backend also resolves each host once and connects to the addresses it got, by
number, trying them in turn as the socket layer would. TLS still verifies the certificate for
the name (the SNI and Host header are the URL's), and connections are pooled by name.

The transport is a plain httpx transport over an httpcore connection pool, built from their
public interfaces (httpcore's documented network backends).
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

import httpcore
import httpx

Resolver = Callable[[str, int], "list[str]"]


class Scope:
    """The deadline of the request running on this thread. httpx runs a synchronous request, connection and reads included, on the
    thread that sent it, so a thread-local is the request's own."""

    def __init__(self):
        self._local = threading.local()

    @contextmanager
    def request(self, deadline: float) -> Iterator[None]:
        saved = getattr(self._local, "state", None)
        self._local.state = (deadline,)
        try:
            yield
        finally:
            self._local.state = saved

    def remaining(self, timeout: float | None, expired: type[Exception]) -> float | None:
        """`timeout` cut to what is left of the deadline; `expired` raised once it has passed."""
        state = getattr(self._local, "state", None)
        if state is None:
            return timeout
        left = state[0] - time.monotonic()
        if left <= 0:
            raise expired("the page's deadline has passed")
        return left if timeout is None else min(timeout, left)


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of `host`, in the order the system gives them, each once."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _resolve(resolver: Resolver, host: str, port: int, timeout: float | None) -> list[str]:
    """Run the resolver, but give up at `timeout`: getaddrinfo cannot be interrupted, so it
    runs on a daemon thread that is left to finish on its own when it is too slow."""
    result: list = []

    def lookup() -> None:
        try:
            result.append(resolver(host, port))
        except BaseException as e:  # handed to the waiting thread
            result.append(e)

    worker = threading.Thread(target=lookup, name="disclosurelint-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    if not result:
        raise httpcore.ConnectTimeout(f"DNS lookup of {host} timed out")
    if isinstance(result[0], BaseException):
        raise httpcore.ConnectError(str(result[0])) from result[0]
    return result[0]


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation stops at the current request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, scope: Scope):
        self._inner = inner
        self._scope = scope

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._scope.remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._scope.remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        timeout = self._scope.remaining(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, timeout), self._scope)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _Backend(httpcore.SyncBackend):
    """Resolve once, connect to an address found; every stream keeps the deadline."""

    def __init__(self, scope: Scope, resolver: Resolver):
        self._scope = scope
        self._resolver = resolver

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        found = _resolve(self._resolver, host, port, self._scope.remaining(timeout, httpcore.ConnectTimeout))
        if not found:
            raise httpcore.ConnectError(f"DNS lookup of {host} gave no address")
        failure: Exception | None = None
        for address in found:
            try:
                stream = super().connect_tcp(address, port, self._scope.remaining(timeout, httpcore.ConnectTimeout),
                                             local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                failure = e  # the next address, as socket.create_connection would
                continue
            return _DeadlineStream(stream, self._scope)
        raise failure


def _httpx_error(exc: Exception) -> Exception:
    """The httpx exception for an httpcore one: the two libraries share the class names."""
    for cls in type(exc).__mro__:
        mapped = getattr(httpx, cls.__name__, None)
        if isinstance(mapped, type) and issubclass(mapped, httpx.TransportError):
            return mapped(str(exc))
    return httpx.TransportError(str(exc))


class _Body(httpx.SyncByteStream):
    def __init__(self, stream):
        self._stream = stream

    def __iter__(self):
        try:
            yield from self._stream
        except httpcore.TimeoutException as e:
            raise _httpx_error(e) from e
        except (httpcore.NetworkError, httpcore.ProtocolError) as e:
            raise _httpx_error(e) from e

    def close(self) -> None:
        self._stream.close()


class Transport(httpx.BaseTransport):
    """httpx requests over an httpcore pool whose connections go through `_Backend`."""

    def __init__(self, limits: httpx.Limits, scope: Scope, resolver: Resolver | None = None):
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_Backend(scope, resolver or system_resolver),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                             port=request.url.port, target=request.url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = self._pool.handle_request(core)
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError,
                httpcore.UnsupportedProtocol, httpcore.PoolTimeout) as e:
            raise _httpx_error(e) from e
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_Body(response.stream), extensions=response.extensions)

    def close(self) -> None:
        self._pool.close()
