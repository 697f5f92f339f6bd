"""The error page of a request that failed: 503 when the database cannot be reached, else 500.

A PostgreSQL server restarting, a network cut between the application and its database, or a
SQLite file held locked longer than the busy timeout by another process: every request fails
for a few seconds, then works again without restarting Acunum (settings: CONN_HEALTH_CHECKS
replaces a dead connection at the next request). Meanwhile a person must read that it is
temporary, that they should try again in a few seconds, and that nothing confirmed is lost; a
script must read "try again", not "refused"; and a signature must never look recorded.

Nothing here touches the database: the page is rendered without the request's context
processors (the user menu would query the session), from a template that extends nothing.
"""

from __future__ import annotations

import sqlite3
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import defaults

# Seconds a client is told to wait before trying again.
RETRY_AFTER = 10

# SQLite reports a busy or missing file and a broken query with the same exception class
# (OperationalError): only these result codes mean "not reachable now". "no such table" (a
# migration not applied) is a fault that waiting will not mend, and keeps the 500 page.
SQLITE_UNREACHABLE = {"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_CANTOPEN"}


def database_unreachable(error: BaseException | None) -> bool:
    """Whether `error` says the database cannot be reached for the moment.

    Django raises its own OperationalError and InterfaceError in place of the driver's (the
    driver's is the __cause__): psycopg's failed connection, closed connection, server shutting
    down, too many clients; SQLite's locked database.
    """
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        name = getattr(cause, "sqlite_errorname", "")
        # Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE…) begin with the primary one.
        return any(name == code or name.startswith(code + "_") for code in SQLITE_UNREACHABLE)
    return True


def server_error(request):
    """settings' handler500: the page of an uncaught exception, while it is being handled."""
    if not database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request)
    message = _(
        "Acunum cannot reach its database for the moment. Try again in a few seconds: nothing "
        "already confirmed is lost."
    )
    if "application/json" in request.headers.get("Accept", ""):
        # The phones' scripts (workshops.js) send the same answer again on any 5xx.
        response = JsonResponse({"ok": False, "retry": True, "message": message}, status=503)
    elif request.headers.get("HX-Request"):
        # htmx swaps no 5xx answer by default: the board keeps its list and polls again.
        response = HttpResponse(
            format_html('<p class="message message-error" role="alert">{}</p>', message),
            status=503,
        )
    else:
        page = loader.get_template("503.html").render(
            {"retry_url": request.get_full_path() if request.method == "GET" else ""}
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
