"""Personal links: random, stored only as a digest, re-issued and revoked from the cards page."""

from __future__ import annotations

import hashlib
import io
import re

import segno
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext

from acunum.attendance.models import Refusal
from acunum.cycles.access import LinkRevoked, get_enrolment_for_token
from acunum.cycles.models import Enrolment, RevokedLink, trainee_url
from acunum.test import BaseTestCase, database_state


class LinkTests(BaseTestCase):
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

    def test_the_page_warns_that_new_cards_invalidate_the_old_links(self):
        self.login(self.bob)
        r = self.client.get(self.url)
        self.assertContains(r, gettext("Issuing new cards invalidates the previous links."))
        self.assertContains(r, "Dominique")
        self.assertContains(r, "Eden")
        self.assertNotContains(r, "Farid")

    def printed_links(self, response) -> list[str]:
        return re.findall(r"<code>(http://testserver/s/[^<]+/)</code>", response.content.decode())

    def test_issuing_every_card_prints_one_card_per_trainee_with_its_link_and_qr_code(self):
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
        # The printed links work; the old ones no longer do.
        for link in links:
            self.assertEqual(self.client.get(link).status_code, 200)
        self.assertEqual(self.client.get(trainee_url(self.dominique_token)).status_code, 410)
        self.assertEqual(self.client.get(trainee_url(self.eden_token)).status_code, 410)

    def test_a_single_card_leaves_the_others_links_working(self):
        self.login(self.bob)
        r = self.client.post(self.url, {"seat": self.dominique.seat})
        self.assertEqual(len(self.printed_links(r)), 1)
        self.assertNotContains(r, "Eden")
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
        # Run again: a fresh link, and the one printed before stops working.
        out = io.StringIO()
        call_command("demo", "--no-serve", stdout=out)
        again = re.search(r"(/s/[^/\s]+/)", out.getvalue()).group(1)
        self.assertNotEqual(path, again)
        self.assertEqual(self.client.get(again).status_code, 200)
        self.assertEqual(self.client.get(path).status_code, 410)
