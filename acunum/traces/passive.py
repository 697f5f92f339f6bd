"""The passive part of the lab: what the server reads from a request, with no script at all.

The same reading serves the page (every header, for the trainee to see) and the comparison (the
values hashed when the trainee compares): the server never trusts the page's script with what
it can read itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from acunum.traces.attributes import OTHER_HEADERS, PASSIVE, Header

# Cookie names are shown, never their values; a browser sending hundreds is cut short.
MOST_COOKIES = 30
LONGEST_COOKIE_NAME = 60


@dataclass(frozen=True)
class Line:
    """One thing the server received: a header's name (or what it is) and its value, "" when
    the browser did not send it."""

    name: str
    value: str


def _header(request, name: str) -> Line:
    return Line(name, request.headers.get(name, ""))


def cookie_names(request) -> list[str]:
    return sorted(name[:LONGEST_COOKIE_NAME] for name in request.COOKIES)[:MOST_COOKIES]


def lines(request) -> dict[str, list[Line]]:
    """Attribute id → what the request carried for it."""
    address = [Line("REMOTE_ADDR", request.META.get("REMOTE_ADDR", ""))]
    if request.headers.get("X-Forwarded-For"):
        # Shown to the person whose request it is, as received; never trusted for anything.
        address.append(_header(request, "X-Forwarded-For"))
    return {
        "ip-address": address,
        "user-agent": [_header(request, "User-Agent")],
        "accept-language": [_header(request, "Accept-Language")],
        "client-hints": [
            _header(request, "Sec-CH-UA"),
            _header(request, "Sec-CH-UA-Mobile"),
            _header(request, "Sec-CH-UA-Platform"),
        ],
        "do-not-track": [_header(request, "DNT")],
        "global-privacy-control": [_header(request, "Sec-GPC")],
        "referer": [_header(request, "Referer")],
        "cookies": [Line("Cookie", ", ".join(cookie_names(request)))],
    }


def other_headers(request) -> list[tuple[Header, str]]:
    return [(header, request.headers.get(header.name, "")) for header in OTHER_HEADERS]


def compared_values(request) -> dict[str, str]:
    """What is hashed for the passive attributes when the trainee compares: read here, from the
    comparison's own request, which the same browser sends with the same headers.

    Only the attributes that are compared; a missing header is a value too (the empty one):
    not sending Do Not Track is what most browsers do.
    """
    read = lines(request)
    # The address the server saw, not what a proxy (or anyone) wrote in X-Forwarded-For.
    read["ip-address"] = read["ip-address"][:1]
    return {
        attribute.id: "\n".join(f"{line.name}: {line.value}" for line in read[attribute.id])
        for attribute in PASSIVE
        if attribute.compared
    }
