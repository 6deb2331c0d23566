"""The connections under `web.Fetcher`: one deadline per page, and an address check that
cannot be raced.

httpx's timeouts bound each network operation, and each read starts its own: a server that
sends its status line or headers a byte at a time keeps one page going for as long as it likes.
Here every read, write, TLS handshake and connection attempt of a request is bounded by the
deadline of the page being fetched (`Scope.request`), so `--timeout` is total, from the first
connection to the last byte, whatever the server sends.

The network backend also resolves each host once, checks every address it got against the
run's `AddressPolicy` and connects to an address it checked, by number: the name is not looked
up a second time by the socket layer, so an answer that changes between the check and the
connection (DNS rebinding) cannot lead anywhere unchecked. TLS still verifies the certificate for
the name (the SNI and Host header are the URL's), and connections are pooled by name, so a
connection only ever exists to an address that passed.

The transport is a plain httpx transport over an httpcore connection pool, built from their
public interfaces (httpcore's documented network backends).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

import httpcore
import httpx

# Addresses of cloud metadata services, refused by name in messages (and refused anyway: all
# but Azure's platform address are link-local, private or shared address space).
METADATA_ADDRESSES = frozenset(map(ipaddress.ip_address, (
    "169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "168.63.129.16",
)))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 addresses in IPv6 clothing, translated on the way

Resolver = Callable[[str, int], "list[str]"]


def refusal(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of address this is when a crawl must not go there unasked, or None.

    Refused: loopback, link-local (cloud metadata services live there), private, unspecified
    (0.0.0.0 reaches the local host), multicast and every other range that is not globally
    reachable (shared address space, documentation, benchmarking, reserved). An IPv4 address
    written as IPv6 (::ffff:a.b.c.d, or NAT64's 64:ff9b::a.b.c.d) is judged as the IPv4 one.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in METADATA_ADDRESSES:
        return "cloud metadata"
    for kind in ("loopback", "link_local", "unspecified", "multicast", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "reserved"


class AddressRefused(httpcore.ConnectError):
    """A connection not made because of where it would go; the message says why and what to do."""


class AddressPolicy:
    """Which addresses a request may connect to.

    A request the user asked for (a URL or sitemap given on the command line: `trusted`)
    may go anywhere, and the address and port it connected to are remembered when they are
    not public. Every other request (a redirect, a page or sitemap listed in a sitemap,
    robots.txt for such a page) may go to public addresses, and to a non-public one only when
    it is one of those remembered: a local site's own sitemap works, a redirect from it to
    another local port does not. `allow_private` lifts the check.
    """

    def __init__(self, allow_private: bool = False):
        self.allow_private = allow_private
        self._given: set[tuple[str, int]] = set()
        self._lock = threading.Lock()

    def admit(self, host: str, port: int, addresses: list[str], trusted: bool) -> list[str]:
        """The addresses that may be tried, in order; AddressRefused when there is none."""
        if self.allow_private or trusted:
            return addresses
        admitted, refused = [], []
        for address in addresses:
            why = refusal(address)
            with self._lock:
                given = (address, port) in self._given
            (admitted if why is None or given else refused).append((address, why))
        if not admitted:
            address, why = refused[0]
            named = address if host.strip("[]") == address else f"{host} ({address})"
            article = "an" if why[0] in "aeiou" else "a"
            raise AddressRefused(
                f"not fetched: {named} is {article} {why} address, and redirects and sitemap entries may"
                " lead to one only on the address and port of a URL or sitemap given"
                " (--allow-private-addresses allows any)")
        return [address for address, _ in admitted]

    def connected(self, address: str, port: int, trusted: bool) -> None:
        """Remember where a request the user asked for went, when it is not public."""
        if trusted and refusal(address) is not None:
            with self._lock:
                self._given.add((address, port))


class Scope:
    """What the request running on this thread may do: its deadline and whether the user
    asked for it. httpx runs a synchronous request, connection and reads included, on the
    thread that sent it, so a thread-local is the request's own."""

    def __init__(self):
        self._local = threading.local()

    @contextmanager
    def request(self, deadline: float, trusted: bool) -> Iterator[None]:
        saved = getattr(self._local, "state", None)
        self._local.state = [deadline, trusted]
        try:
            yield
        finally:
            self._local.state = saved

    @property
    def trusted(self) -> bool:
        state = getattr(self._local, "state", None)
        return state is not None and state[1]

    def left(self) -> float:
        """Seconds left before the deadline (infinite outside a request)."""
        state = getattr(self._local, "state", None)
        return float("inf") if state is None else state[0] - time.monotonic()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The deadline stands still for the with-block: the time a reader spends on what it
        has read (parsing a sitemap as it arrives) is its own, not the server's."""
        start = time.monotonic()
        try:
            yield
        finally:
            state = getattr(self._local, "state", None)
            if state is not None:
                state[0] += time.monotonic() - start

    def remaining(self, timeout: float | None, expired: type[Exception]) -> float | None:
        """`timeout` cut to what is left of the deadline; `expired` raised once it has passed."""
        left = self.left()
        if left == float("inf"):
            return timeout
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
    """Resolve once, check, connect to the checked address; every stream keeps the deadline."""

    def __init__(self, scope: Scope, policy: AddressPolicy, resolver: Resolver):
        self._scope = scope
        self._policy = policy
        self._resolver = resolver

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        trusted = self._scope.trusted
        found = _resolve(self._resolver, host, port, self._scope.remaining(timeout, httpcore.ConnectTimeout))
        if not found:
            raise httpcore.ConnectError(f"DNS lookup of {host} gave no address")
        failure: Exception | None = None
        for address in self._policy.admit(host, port, found, trusted):
            try:
                stream = super().connect_tcp(address, port, self._scope.remaining(timeout, httpcore.ConnectTimeout),
                                             local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                failure = e  # the next address, as socket.create_connection would
                continue
            self._policy.connected(address, port, trusted)
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

    def __init__(self, limits: httpx.Limits, scope: Scope, policy: AddressPolicy, resolver: Resolver | None = None):
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_Backend(scope, policy, resolver or system_resolver),
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
