"""A database that cannot be reached answers 503 "try again", with no query; any other fault 500.

In-process, with Django's test client: the view raises as a dead connection makes it raise.
SimpleTestCase refuses any query, so these tests also prove the error page makes none.
"""

from __future__ import annotations

import json
import sqlite3
from unittest import mock

from django.db import InterfaceError, OperationalError, ProgrammingError
from django.test import SimpleTestCase

from acunum.accounts.models import Organisation
from acunum.site.errors import database_unreachable


def raised(error: Exception) -> Exception:
    """`error` as Django raises it: the driver's exception as its cause."""
    try:
        raise error
    except Exception as cause:
        wrapped = {
            sqlite3.OperationalError: OperationalError,
            sqlite3.ProgrammingError: ProgrammingError,
        }[type(cause)](*cause.args)
        wrapped.__cause__ = cause
        return wrapped


def sqlite_error(setup: str, statement: str, path) -> Exception:
    """A real error of SQLite's: `statement` run after `setup` ran on another connection."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE IF NOT EXISTS t (x)")
    if setup:
        holder.execute(setup)
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        other.execute(statement)
    except sqlite3.Error as e:
        return raised(e)
    finally:
        other.close()
        holder.close()
    raise AssertionError(f"{statement} did not fail")


class DatabaseUnreachableTests(SimpleTestCase):
    def test_a_failing_connection_or_a_closed_one_is_unreachable(self):
        self.assertTrue(database_unreachable(OperationalError("connection refused")))
        self.assertTrue(database_unreachable(InterfaceError("connection already closed")))

    def test_a_sqlite_database_locked_by_another_process_is_unreachable(self):
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            error = sqlite_error("BEGIN IMMEDIATE", "BEGIN IMMEDIATE", f"{tmp}/db.sqlite3")
        self.assertIn("locked", str(error))
        self.assertTrue(database_unreachable(error))

    def test_a_missing_table_is_a_fault_not_an_outage(self):
        # SQLite raises OperationalError for it too: waiting would not mend a missing migration.
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            error = sqlite_error("", "SELECT * FROM missing", f"{tmp}/db.sqlite3")
        self.assertIsInstance(error, OperationalError)
        self.assertFalse(database_unreachable(error))
        self.assertFalse(database_unreachable(ProgrammingError("relation does not exist")))
        self.assertFalse(database_unreachable(ValueError("a bug")))
        self.assertFalse(database_unreachable(None))


@mock.patch.object(Organisation, "current")  # the home page's one query, before its template
class ServerErrorPageTests(SimpleTestCase):
    def setUp(self):
        self.client.raise_request_exception = False

    def fetch(self, path="/", method="get", **kwargs):
        """The request, whose failure the server logs with its traceback for the administrator."""
        with self.assertLogs("django.request", "ERROR") as logs:
            response = getattr(self.client, method)(path, **kwargs)
        self.assertTrue(logs.records[0].exc_info)
        return response

    def test_an_unreachable_database_answers_503_with_a_page_that_says_to_retry(self, current):
        current.side_effect = OperationalError("server closed the connection unexpectedly")
        r = self.fetch()
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r["Retry-After"], "10")
        self.assertEqual(r["Cache-Control"], "no-store")
        self.assertContains(r, 'lang="fr"', status_code=503)
        self.assertContains(r, "/static/css/acunum.css", status_code=503)

    def test_try_again_reloads_the_same_address(self, current):
        current.side_effect = OperationalError("server closed the connection unexpectedly")
        r = self.fetch("/?page=2")
        self.assertContains(r, 'href="/?page=2"', status_code=503)

    def test_the_page_says_what_happened_and_that_nothing_confirmed_is_lost(self, current):
        current.side_effect = InterfaceError("connection already closed")
        self.client.cookies["django_language"] = "en"
        r = self.fetch()
        self.assertContains(r, "cannot reach its database for the moment", status_code=503)
        self.assertContains(r, "Nothing already confirmed is lost", status_code=503)
        self.assertContains(r, "Try again", status_code=503)

    def test_a_signature_sent_during_the_outage_gets_503_and_no_link_that_would_resend_it(
        self, current
    ):
        self.client.cookies["django_language"] = "en"
        lost = OperationalError("server closed the connection unexpectedly")
        with mock.patch("acunum.attendance.rush.signer", side_effect=lost):
            r = self.fetch("/s/some-token/emargement/1/", "post", data={"code": "1234"})
        self.assertContains(r, "send it again", status_code=503)
        self.assertNotContains(r, ">Try again<", status_code=503)

    def test_a_script_asking_for_json_gets_a_json_503_that_says_retry(self, current):
        current.side_effect = OperationalError("could not connect to server")
        r = self.fetch(headers={"Accept": "application/json"})
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r["Retry-After"], "10")
        answer = json.loads(r.content)
        self.assertIs(answer["ok"], False)
        self.assertIs(answer["retry"], True)
        self.assertTrue(answer["message"])

    def test_htmx_gets_a_short_alert_not_a_whole_page(self, current):
        current.side_effect = OperationalError("could not connect to server")
        r = self.fetch(headers={"HX-Request": "true"})
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r["Retry-After"], "10")
        self.assertContains(r, 'role="alert"', status_code=503)
        self.assertNotContains(r, "<html", status_code=503)

    def test_any_other_fault_keeps_the_500_page(self, current):
        current.side_effect = ValueError("a bug")
        r = self.fetch()
        self.assertEqual(r.status_code, 500)
        self.assertNotIn("Retry-After", r)
        self.assertContains(r, "Une erreur est survenue", status_code=500)
