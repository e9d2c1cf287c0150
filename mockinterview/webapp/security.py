"""Which requests the local app lets in: pure checks over the request's headers.

The threats are other web pages in the same browser (cross-site requests, a DNS-rebinding
page that reaches 127.0.0.1 under its own name) and other local users guessing the port. So:
a random token (in the first URL, then an HttpOnly SameSite=Strict cookie), the Host header
must name this server, and a change (POST) must come from this server's own origin.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, urlsplit

LOOPBACK = "127.0.0.1"
HOST_NAMES = ("127.0.0.1", "localhost")


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


class Gate:
    """The checks for one server: its port and token."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.token = token
        # Cookies ignore ports: the name carries it, so two apps on one machine don't clash.
        self.cookie_name = f"mockinterview_{port}"

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(f"http://{h}:{self.port}" for h in HOST_NAMES)

    def host_ok(self, host: str | None) -> bool:
        """Host must be this server by its loopback name: a rebinding page's own name fails."""
        return host is not None and host.strip().lower() in {
            f"{h}:{self.port}" for h in HOST_NAMES}

    def token_matches(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode(), self.token.encode())

    def cookie_token(self, cookie_header: str | None) -> str | None:
        if not cookie_header:
            return None
        jar = SimpleCookie()
        try:
            jar.load(cookie_header)
        except CookieError:
            return None
        morsel = jar.get(self.cookie_name)
        return morsel.value if morsel else None

    def query_token(self, target: str) -> str | None:
        values = parse_qs(urlsplit(target).query).get("token")
        return values[0] if values else None

    def set_cookie(self) -> str:
        return (f"{self.cookie_name}={self.token}; HttpOnly; SameSite=Strict; Path=/")

    def check(self, method: str, target: str, headers) -> Refusal | None:
        """None when the request may go on; else the status and a reason to show."""
        if not self.host_ok(headers.get("Host")):
            return Refusal(400, "this server answers only to its own address "
                                f"(http://127.0.0.1:{self.port})")
        origin = headers.get("Origin")
        site = headers.get("Sec-Fetch-Site")
        if method != "GET":
            # A change must come from one of this server's pages (browsers send Origin on
            # every POST); a form or fetch from any other site is refused.
            if origin not in self.origins:
                return Refusal(403, "a change must come from this app's own page")
            if site is not None and site != "same-origin":
                return Refusal(403, "a change must come from this app's own page")
        elif origin is not None and origin not in self.origins:
            return Refusal(403, "requests from other sites are refused")
        if self.token_matches(self.cookie_token(headers.get("Cookie"))):
            return None
        if method == "GET" and self.token_matches(self.query_token(target)):
            return None  # the first load: the server sets the cookie
        return Refusal(403, "open the app with the address `mockinterview app` printed "
                            "(it carries the access token)")
