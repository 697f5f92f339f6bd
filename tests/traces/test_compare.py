"""Comparing with the group: keyed hashes only, replaced by the next comparison, and bad input
refused with a French message and nothing stored."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.urls import reverse
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase, database_state
from acunum.traces.attributes import COMPARED_IDS, SENT_BY_SCRIPT
from acunum.traces.models import CycleKey, Submission, Trace
from tests.traces.world import HEADERS, SCRIPT_VALUES, form, open_lab

JSON = {"HTTP_ACCEPT": "application/json"}


class CompareTestCase(BaseTestCase):
    def setUp(self):
        open_lab(self.cycle)

    def post(self, data=None, token=None, json_answer=True, **headers):
        url = reverse("traces:compare", args=[token or self.dominique_token])
        extra = {**HEADERS, **(JSON if json_answer else {}), **headers}
        return self.client.post(url, form() if data is None else data, **extra)


class StoredTests(CompareTestCase):
    def test_a_comparison_stores_keyed_hashes_and_no_value_at_all(self):
        r = self.post(REMOTE_ADDR="10.1.2.3")
        self.assertEqual(r.status_code, 200, r.content)
        self.assertTrue(r.json()["ok"])
        submission = Submission.objects.get(enrolment=self.dominique)
        self.assertEqual(
            sorted(submission.traces.values_list("attribute", flat=True)), sorted(COMPARED_IDS)
        )
        # Not one value, nor a telling part of one, anywhere in the database.
        stored = json.dumps(database_state(), default=str)
        telling = [*SCRIPT_VALUES.values(), *HEADERS.values(), "10.1.2.3", "Adreno", "360x740"]
        for value in telling:
            if len(value) > 3:  # "5" (touch points) is in any database
                self.assertNotIn(value, stored)

    def test_each_digest_is_the_hmac_of_the_attribute_and_value_under_the_cycles_key(self):
        self.post()
        key = CycleKey.objects.get(cycle=self.cycle)
        self.assertEqual(len(bytes.fromhex(key.secret)), 32)
        trace = Trace.objects.get(submission__enrolment=self.dominique, attribute="screen")
        expected = hmac.new(
            bytes.fromhex(key.secret),
            b"screen\n" + SCRIPT_VALUES["screen"].encode(),
            hashlib.sha256,
        ).hexdigest()
        self.assertEqual(trace.digest, expected)

    def test_each_cycle_has_its_own_key(self):
        self.post()
        open_lab(self.other_cycle)
        self.post(token=self.farid_token)
        keys = CycleKey.objects.values_list("secret", flat=True)
        self.assertEqual(len(set(keys)), 2)
        same = Trace.objects.filter(attribute="screen").values_list("digest", flat=True)
        self.assertEqual(len(set(same)), 2, "the same value gives another digest in another cycle")

    def test_the_passive_values_are_read_from_the_request_not_taken_from_the_page(self):
        self.post(HTTP_USER_AGENT="Navigateur A")
        first = Trace.objects.get(attribute="user-agent").digest
        self.post(HTTP_USER_AGENT="Navigateur B")
        self.assertNotEqual(Trace.objects.get(attribute="user-agent").digest, first)
        r = self.post({**form(), "attr.user-agent": "Navigateur A"})
        self.assertEqual(r.status_code, 400)

    def test_a_new_comparison_replaces_the_previous_one(self):
        self.post()
        before = dict(Trace.objects.values_list("attribute", "digest"))
        self.post(form({**SCRIPT_VALUES, "preferences": "light;more;reduce;none"}))
        self.assertEqual(Submission.objects.count(), 1)
        self.assertEqual(Trace.objects.count(), len(COMPARED_IDS))
        after = dict(Trace.objects.values_list("attribute", "digest"))
        self.assertNotEqual(after["preferences"], before["preferences"])
        self.assertEqual(after["screen"], before["screen"])

    def test_without_javascript_the_passive_part_is_compared_and_the_page_comes_back(self):
        r = self.post({}, json_answer=False)
        lab = reverse("traces:lab", args=[self.dominique_token])
        self.assertRedirects(r, lab + "#comparer", fetch_redirect_response=False)
        stored = set(Trace.objects.values_list("attribute", flat=True))
        self.assertEqual(stored, set(COMPARED_IDS) - set(SENT_BY_SCRIPT))
        page = self.client.get(lab)
        self.assertContains(
            page, _("Nobody else has compared yet: the figure comes when others do.")
        )
        self.assertContains(page, reverse("traces:forget", args=[self.dominique_token]))

    def test_the_answer_gives_a_sentence_for_each_attribute_compared(self):
        answer = self.post().json()
        self.assertEqual(set(answer["shares"]), set(COMPARED_IDS))
        self.assertTrue(answer["summary"])
        self.assertFalse(answer["shares"]["screen"]["alone"])

    def test_the_trainee_can_delete_her_comparison(self):
        self.post()
        r = self.client.post(reverse("traces:forget", args=[self.dominique_token]))
        self.assertEqual(r.status_code, 302)
        self.assertFalse(Submission.objects.exists())
        self.assertFalse(Trace.objects.exists())

    def test_a_revoked_link_compares_nothing(self):
        old = self.dominique_token
        self.dominique.revoke_link()
        r = self.post(token=old)
        self.assertEqual(r.status_code, 410)
        self.assertFalse(Submission.objects.exists())


class RefusedTests(CompareTestCase):
    def assertRefused(self, data, message, **headers):
        self.post()  # An earlier comparison, which a refused one must leave as it was.
        before = database_state()
        r = self.post(data, **headers)
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json(), {"ok": False, "message": message})
        self.assertEqual(database_state(), before, "a refused comparison changed the database")
        # The same refusal without the script: the page, with the message, and a 400.
        page = self.post(data, json_answer=False)
        self.assertContains(page, message, status_code=400)
        self.assertEqual(database_state(), before)

    def test_an_unknown_attribute_is_refused(self):
        self.assertRefused(
            {**form(), "attr.battery": "80%"},
            _("“%(name)s” is not an attribute of the lab: nothing was kept.")
            % {"name": "attr.battery"},
        )

    def test_a_field_that_is_not_an_attribute_is_refused(self):
        self.assertRefused(
            {**form(), "screen": "1x1"},
            _("“%(name)s” is not an attribute of the lab: nothing was kept.") % {"name": "screen"},
        )

    def test_an_oversized_value_is_refused(self):
        self.assertRefused(
            form({**SCRIPT_VALUES, "languages": "fr," * 67}),
            _(
                "The value of “%(label)s” is too long (%(max)s characters at most): "
                "nothing was kept."
            )
            % {"label": _("Languages read by the script"), "max": 200},
        )

    def test_a_value_of_200_characters_is_accepted(self):
        r = self.post(form({**SCRIPT_VALUES, "languages": "x" * 200}))
        self.assertEqual(r.status_code, 200)

    def test_too_many_attributes_are_refused(self):
        data = {f"attr.a{n}": "1" for n in range(41)}
        self.assertRefused(
            data,
            _("Too many attributes were sent (%(n)s, %(max)s at most): nothing was kept.")
            % {"n": 41, "max": 40},
        )

    def test_a_passive_attribute_sent_by_the_page_is_refused(self):
        self.assertRefused(
            {**form(), "attr.ip-address": "1.2.3.4"},
            _("“%(label)s” is not sent by the page: nothing was kept.")
            % {"label": _("Your network address (IP)")},
        )

    def test_an_attribute_that_is_only_explained_is_refused(self):
        self.assertRefused(
            {**form(), "attr.webrtc": "192.168.1.2"},
            _("“%(label)s” is not sent by the page: nothing was kept.") % {"label": "WebRTC"},
        )

    def test_a_value_sent_twice_is_refused(self):
        data = {**form(), "attr.screen": ["1x1;24;1", "2x2;24;1"]}
        self.assertRefused(
            data,
            _("“%(label)s” was sent more than once: nothing was kept.") % {"label": _("Screen")},
        )

    def test_a_value_with_control_characters_is_refused(self):
        self.assertRefused(
            form({**SCRIPT_VALUES, "touch": "5\x00"}),
            _("The value of “%(label)s” contains control characters: nothing was kept.")
            % {"label": _("Touch screen")},
        )

    def test_once_the_cycle_is_over_nothing_is_kept(self):
        from tests.evaluation.world import training_ended

        training_ended(self.cycle)
        r = self.post()
        self.assertEqual(r.status_code, 400)
        self.assertEqual(
            r.json()["message"],
            _("The cycle is over: comparing is closed, and nothing is kept any more."),
        )
        self.assertFalse(CycleKey.objects.exists())
        self.assertFalse(Submission.objects.exists())

    def test_the_last_day_is_still_open_until_its_end(self):
        from django.utils import timezone

        open_lab(self.cycle, last=timezone.localdate())
        self.assertEqual(self.post().status_code, 200)
