"""Staff logins slow down password guessing, counted in the database across server processes."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format

from acunum.accounts import login
from acunum.accounts.models import LoginFailure
from acunum.test import PASSWORD, BaseTestCase

WRONG = "not-the-password"
PROXY = ["acunum.lib.proxy.ForwardedForMiddleware"]


class LoginLimitTests(BaseTestCase):
    url = reverse("accounts:login")

    def attempt(self, username: str, password: str = WRONG, url: str | None = None, **extra):
        return self.client.post(
            url or self.url, {"username": username, "password": password}, **extra
        )

    def fail(self, username: str, times: int, **extra) -> None:
        for _n in range(times):
            self.assertEqual(self.attempt(username, **extra).status_code, 200)

    def assert_logged_in(self, response, user) -> None:
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session.get("_auth_user_id"), str(user.pk))

    def assert_blocked(self, response) -> None:
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_wrong_password_then_the_right_one_logs_in(self):
        self.fail("bob", 4)
        self.assert_logged_in(self.attempt("bob", PASSWORD), self.bob)

    def test_after_five_failures_even_the_right_password_is_refused_in_french(self):
        self.fail("bob", 5)
        r = self.attempt("bob", PASSWORD)
        self.assert_blocked(r)
        oldest = LoginFailure.objects.order_by("at").first().at
        until = timezone.localtime(oldest + timedelta(minutes=15))
        until = until.replace(second=0, microsecond=0) + timedelta(minutes=1)  # rounded up
        self.assertContains(
            r,
            "Trop de tentatives de connexion échouées pour cet identifiant : par sécurité, "
            f"la connexion avec cet identifiant est bloquée jusqu’à {time_format(until)}.",
            status_code=429,
        )
        self.assertContains(r, 'role="alert"', status_code=429)

    def test_a_blocked_attempt_does_not_check_the_password(self):
        self.fail("bob", 5)
        with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
            self.assert_blocked(self.attempt("bob", PASSWORD))
        authenticate.assert_not_called()
        # Nor does it count as a failure: the block ends when the first five are old enough.
        self.assertEqual(LoginFailure.objects.count(), 5)

    def test_the_username_is_blocked_whatever_its_case(self):
        self.fail("bob", 3)
        self.fail("BOB", 2)
        self.assert_blocked(self.attempt("bob", PASSWORD))

    def test_another_username_is_not_blocked(self):
        self.fail("bob", 5)
        self.assert_logged_in(self.attempt("charlie", PASSWORD), self.charlie)

    def test_after_fifteen_minutes_it_works_again(self):
        self.fail("bob", 5)
        LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=15, seconds=1))
        self.assert_logged_in(self.attempt("bob", PASSWORD), self.bob)
        # The old failures were deleted on the way: the table keeps the last minutes only.
        self.assertEqual(LoginFailure.objects.count(), 0)

    def test_the_limit_counts_attempts_still_being_checked(self):
        # Five attempts begun at once (on five server processes) and not finished: the sixth,
        # sent at the same moment, is refused before any of them has failed.
        now = timezone.now()
        for _n in range(5):
            login.begin("bob", "192.0.2.1", now)
        with self.assertRaises(login.TooManyFailures) as blocked:
            login.begin("bob", "192.0.2.2", now)
        self.assertEqual(blocked.exception.until, now + LoginFailure.WINDOW)
        self.assertFalse(blocked.exception.address)
        self.assertEqual(LoginFailure.objects.count(), 5)  # the refused one is not kept
        login.begin("bob", "192.0.2.2", now + LoginFailure.WINDOW)  # 15 minutes later

    def test_a_success_clears_the_username_s_failures(self):
        self.fail("bob", 4)
        self.fail("charlie", 1)
        self.assert_logged_in(self.attempt("bob", PASSWORD), self.bob)
        self.client.logout()
        self.assertEqual(LoginFailure.objects.count(), 1)  # Charlie's
        self.fail("bob", 4)
        self.assert_logged_in(self.attempt("bob", PASSWORD), self.bob)

    def test_failures_for_many_usernames_block_the_address(self):
        for n in range(20):
            self.fail(f"user{n}", 1)
        r = self.attempt("alice", PASSWORD)
        self.assert_blocked(r)
        self.assertContains(
            r, "Trop de tentatives de connexion échouées depuis votre réseau", status_code=429
        )
        # Another address is not.
        self.assert_logged_in(self.attempt("alice", PASSWORD, REMOTE_ADDR="192.0.2.9"), self.alice)

    def test_the_failures_table_names_nobody(self):
        self.fail("bob", 1)
        failure = LoginFailure.objects.get()
        self.assertNotIn("bob", failure.username_digest)
        self.assertNotIn("127.0.0.1", failure.address_digest)
        self.assertEqual(len(failure.username_digest), 64)

    def test_expired_failures_are_those_older_than_the_window(self):
        now = timezone.now()
        old = LoginFailure.objects.create(
            username_digest="a", address_digest="b", at=now - timedelta(minutes=16)
        )
        recent = LoginFailure.objects.create(username_digest="a", address_digest="b", at=now)
        self.assertEqual(list(LoginFailure.objects.expired(now)), [old])
        self.assertEqual(list(LoginFailure.objects.recent(now)), [recent])

    def test_the_admin_login_is_limited_too(self):
        admin_login = reverse("admin:login")
        self.fail("alice", 5, url=admin_login)
        r = self.attempt("alice", PASSWORD, url=admin_login)
        self.assert_blocked(r)
        self.assertContains(r, "Trop de tentatives de connexion échouées", status_code=429)
        # And the two doors share the count.
        self.assert_blocked(self.attempt("alice", PASSWORD))

    def test_the_admin_login_still_works(self):
        r = self.attempt("alice", PASSWORD, url=reverse("admin:login"))
        self.assert_logged_in(r, self.alice)


@override_settings(BEHIND_PROXY=True)
class BehindTheProxyTests(BaseTestCase):
    url = reverse("accounts:login")

    def attempt(self, username, password=WRONG, forwarded="203.0.113.50"):
        return self.client.post(
            self.url,
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"198.51.100.1, {forwarded}",
        )

    def test_the_address_the_proxy_saw_is_the_one_counted(self):
        with self.modify_settings(MIDDLEWARE={"prepend": PROXY}):
            for n in range(20):
                self.assertEqual(self.attempt(f"user{n}").status_code, 200)
            self.assertEqual(self.attempt("alice", PASSWORD).status_code, 429)
            # Another browser behind the same proxy is not blocked…
            r = self.attempt("alice", PASSWORD, forwarded="203.0.113.51")
            self.assertEqual(r.status_code, 302)

    def test_a_made_up_first_entry_does_not_escape_the_limit(self):
        with self.modify_settings(MIDDLEWARE={"prepend": PROXY}):
            for n in range(20):
                r = self.client.post(
                    self.url,
                    {"username": f"user{n}", "password": WRONG},
                    REMOTE_ADDR="10.0.0.2",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.50",
                )
                self.assertEqual(r.status_code, 200)
            self.assertEqual(self.attempt("alice", PASSWORD).status_code, 429)

    def test_without_the_proxy_setting_the_header_is_ignored(self):
        # No middleware: the address is the one that connected, whatever the header claims.
        for n in range(20):
            self.assertEqual(self.attempt(f"user{n}", forwarded=f"203.0.113.{n}").status_code, 200)
        self.assertEqual(self.attempt("alice", PASSWORD, forwarded="203.0.113.99").status_code, 429)
