"""The browser's address behind our own reverse proxy (installed only when ACUNUM_BEHIND_PROXY).

Behind a proxy, REMOTE_ADDR is the proxy's address for every request: the login and request
rate limits would count the whole world as one client, and the attendance ledger would record
the proxy's address for every signature. The proxy says whom it is serving in X-Forwarded-For.
"""

from __future__ import annotations

import ipaddress


def forwarded_client(header: str) -> str | None:
    """The address our proxy wrote: the LAST entry of X-Forwarded-For, if it is an address.

    Each proxy appends the address it received the request from, so the header reads "what the
    client claimed, …, what our proxy saw". Everything before the last entry came from the client
    and is whatever it chose to send: taking the first entry would let anyone pick a new address
    for each request, and escape the rate limits. The last one is written by our proxy (which is
    why a chain of two proxies of ours needs the first to be trusted by the second, e.g. nginx's
    real_ip module, so that only one address reaches Acunum).
    """
    last = header.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return None


class ForwardedForMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = forwarded_client(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        if address:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
