"""Personal links: secret, stored only as a digest, printed, replaced and revoked from the cards
page."""

from __future__ import annotations

import hashlib
import io
import re

import segno
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from acunum.attendance.models import Refusal
from acunum.cycles.access import LinkRevoked, get_enrolment_for_token
from acunum.cycles.models import Enrolment, RevokedLink, trainee_url
from acunum.test import BaseTestCase, database_state, make_trainee


class LinkTests(BaseTestCase):
    def test_a_new_enrolment_has_a_link_from_the_start(self):
        self.assertIsNotNone(make_trainee(self.cycle, "Gaël").current_link())

    def test_the_server_computes_the_current_link_again_but_not_a_replaced_one(self):
        self.assertEqual(self.dominique.current_link(), self.dominique_token)
        self.dominique.issue_link()
        self.assertNotEqual(self.dominique.current_link(), self.dominique_token)
        self.dominique.revoke_link()
        self.assertIsNone(self.dominique.current_link())

    def test_under_another_secret_key_the_link_cannot_be_printed_but_still_opens(self):
        with self.settings(SECRET_KEY="another-key-after-a-rotation"):
            self.assertIsNone(Enrolment.objects.get(pk=self.dominique.pk).current_link())
            self.assertEqual(get_enrolment_for_token(self.dominique_token), self.dominique)

    def test_a_link_holds_at_least_128_random_bits_and_only_its_sha256_is_stored(self):
        token = self.dominique.issue_link()
        # token_urlsafe: 6 bits per character.
        self.assertGreaterEqual(len(token) * 6, 128)
        self.dominique.refresh_from_db()
        self.assertEqual(self.dominique.token_hash, hashlib.sha256(token.encode()).hexdigest())
        dump = repr(database_state())
        self.assertNotIn(token, dump)

    def test_two_links_are_never_the_same(self):
        tokens = {self.dominique.issue_link() for _ in range(20)}
        self.assertEqual(len(tokens), 20)

    def test_the_link_opens_its_own_enrolment(self):
        self.assertEqual(get_enrolment_for_token(self.dominique_token), self.dominique)
        self.assertEqual(get_enrolment_for_token(self.farid_token), self.farid)

    def test_issuing_a_new_link_retires_the_old_one(self):
        new = self.dominique.issue_link()
        with self.assertRaises(LinkRevoked) as caught:
            get_enrolment_for_token(self.dominique_token)
        self.assertEqual(caught.exception.enrolment, self.dominique)
        self.assertEqual(get_enrolment_for_token(new), self.dominique)

    def test_a_revoked_link_stops_working_until_a_new_one_is_issued(self):
        self.dominique.revoke_link()
        self.dominique.refresh_from_db()
        self.assertIsNone(self.dominique.token_hash)
        with self.assertRaises(LinkRevoked):
            get_enrolment_for_token(self.dominique_token)
        self.assertEqual(get_enrolment_for_token(self.dominique.issue_link()), self.dominique)

    def test_the_trainee_is_told_the_link_was_replaced(self):
        self.dominique.revoke_link()
        r = self.client.get(trainee_url(self.dominique_token))
        self.assertEqual(r.status_code, 410)
        self.assertContains(r, gettext("This link no longer works"), status_code=410)
        self.assertNotContains(r, "Dominique", status_code=410)

    def test_a_link_never_issued_opens_nothing(self):
        enrolment = Enrolment.objects.get(pk=self.eden.pk)
        enrolment.revoke_link()
        RevokedLink.objects.all().delete()
        r = self.client.get(trainee_url(self.eden_token))
        self.assertEqual(r.status_code, 404)


class CardsTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("attendance:cards", args=[self.cycle.code])

    def test_the_cycle_page_leads_its_trainer_to_the_cards_but_not_its_contact(self):
        self.login(self.bob)
        self.assertContains(self.client.get(self.cycle.get_absolute_url()), self.url)
        self.login(self.diane)
        self.assertNotContains(self.client.get(self.cycle.get_absolute_url()), self.url)

    def test_the_page_says_that_cards_carry_the_convocations_link(self):
        self.login(self.bob)
        r = self.client.get(self.url)
        self.assertContains(
            r,
            escape(
                gettext(
                    "A card carries the same link as the trainee’s convocation: printing the "
                    "cards again prints the same links."
                )
            ),
        )
        self.assertContains(r, "Dominique")
        self.assertContains(r, "Eden")
        self.assertNotContains(r, "Farid")

    def printed_links(self, response) -> list[str]:
        return re.findall(r"<code>(http://testserver/s/[^<]+/)</code>", response.content.decode())

    def test_printing_every_card_prints_one_card_per_trainee_with_its_link_and_qr_code(self):
        self.login(self.bob)
        r = self.client.post(self.url)
        self.assertEqual(r.status_code, 200)
        links = self.printed_links(r)
        self.assertEqual(len(links), 2)
        self.assertContains(r, "Dominique Test")
        self.assertContains(r, "Eden Test")
        self.assertContains(r, 'class="card-qr"', count=2)
        # Each QR code holds the very link printed beside it.
        for link in links:
            expected = segno.make(link, error="m", micro=False).svg_inline(
                scale=1, border=2, omitsize=True, svgclass="card-qr", lineclass=None
            )
            path = re.search(r' d="[^"]+"', expected).group(0)
            self.assertContains(r, path)
        # The cards print the links the trainees already have (their convocations' links).
        self.assertEqual(
            links,
            [
                "http://testserver" + trainee_url(token)
                for token in (self.dominique_token, self.eden_token)
            ],
        )
        for link in links:
            self.assertEqual(self.client.get(link).status_code, 200)

    def test_printing_again_prints_the_same_links(self):
        self.login(self.bob)
        first = self.printed_links(self.client.post(self.url))
        self.assertEqual(self.printed_links(self.client.post(self.url)), first)

    def test_a_revoked_link_is_replaced_by_a_new_one_when_its_card_is_printed(self):
        self.dominique.revoke_link()
        self.login(self.bob)
        r = self.client.post(self.url, {"seat": self.dominique.seat})
        [link] = self.printed_links(r)
        self.assertNotEqual(link, "http://testserver" + trainee_url(self.dominique_token))
        self.assertEqual(self.client.get(link).status_code, 200)

    def test_replacing_one_link_leaves_the_others_working(self):
        self.login(self.bob)
        r = self.client.post(self.url, {"seat": self.dominique.seat, "action": "replace"})
        [link] = self.printed_links(r)
        self.assertNotContains(r, "Eden")
        self.assertEqual(self.client.get(link).status_code, 200)
        self.assertEqual(self.client.get(trainee_url(self.eden_token)).status_code, 200)
        self.assertEqual(self.client.get(trainee_url(self.dominique_token)).status_code, 410)

    def test_the_trainer_revokes_one_link(self):
        self.login(self.bob)
        r = self.client.post(self.url, {"seat": self.eden.seat, "action": "revoke"})
        self.assertRedirects(r, self.url)
        self.assertEqual(self.client.get(trainee_url(self.eden_token)).status_code, 410)
        self.assertEqual(self.client.get(trainee_url(self.dominique_token)).status_code, 200)

    def test_revoking_without_a_trainee_revokes_nobody(self):
        self.login(self.bob)
        self.client.post(self.url, {"action": "revoke"})
        self.assertEqual(self.client.get(trainee_url(self.eden_token)).status_code, 200)
        self.assertEqual(self.client.get(trainee_url(self.dominique_token)).status_code, 200)

    def test_a_trainer_of_another_cycle_cannot_issue_its_cards(self):
        self.login(self.charlie)
        r = self.client.post(self.url)
        self.assertEqual(r.status_code, 404)
        self.assertEqual(self.client.get(trainee_url(self.dominique_token)).status_code, 200)

    def test_the_structures_contact_cannot_issue_cards(self):
        self.login(self.diane)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertEqual(self.client.get(trainee_url(self.dominique_token)).status_code, 200)

    def test_a_revoked_link_used_to_sign_is_logged_for_the_trainer(self):
        self.dominique.revoke_link()
        r = self.client.get(reverse("attendance:sign", args=[self.dominique_token, 1]))
        self.assertEqual(r.status_code, 410)
        refusal = Refusal.objects.get()
        self.assertEqual(refusal.enrolment, self.dominique)
        self.assertEqual(refusal.slot, self.cycle.slots.get(index=1))


class DemoLinkTests(TestCase):
    def test_the_demo_prints_a_trainee_link_that_opens(self):
        out = io.StringIO()
        call_command("demo", "--no-serve", stdout=out)
        path = re.search(r"(/s/[^/\s]+/)", out.getvalue()).group(1)
        self.assertEqual(self.client.get(path).status_code, 200)
        # Run again: the same link, the one on the trainee's convocation, still works.
        out = io.StringIO()
        call_command("demo", "--no-serve", stdout=out)
        again = re.search(r"(/s/[^/\s]+/)", out.getvalue()).group(1)
        self.assertEqual(again, path)
        self.assertEqual(self.client.get(path).status_code, 200)
