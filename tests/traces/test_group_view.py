"""The trainer's view of the group: counts per attribute, never a value, never a name."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase
from acunum.traces.models import Trace
from tests.traces.world import HEADERS, SCRIPT_VALUES, compare_directly, open_lab


class GroupViewTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        open_lab(cls.cycle)
        compare_directly(cls.dominique)
        compare_directly(cls.eden, {**SCRIPT_VALUES, "screen": "1920x1080;24;1"})

    def group(self, user=None):
        self.login(user or self.bob)
        return self.client.get(reverse("traces:group", args=[self.cycle.code]))

    def test_the_trainer_sees_the_counts_of_each_attribute(self):
        r = self.group()
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "traces-figures")
        self.assertEqual(r.context["compared"], 2)
        figures = dict((a.id, f) for a, f in r.context["rows"])
        self.assertEqual(figures["screen"].distinct, 2)
        self.assertEqual(figures["screen"].alone, 2)
        self.assertEqual(figures["timezone"].largest, 2)
        self.assertIsNone(figures.get("referer"))

    def test_the_group_view_never_shows_a_value_a_digest_or_a_name(self):
        html = self.group().content.decode()
        for value in [*SCRIPT_VALUES.values(), *HEADERS.values(), "1920x1080", "Europe/Paris"]:
            if len(value) > 3:
                self.assertNotIn(value, html)
        for digest in Trace.objects.values_list("digest", flat=True):
            self.assertNotIn(digest[:12], html)
        for name in ["Dominique", "Eden"]:
            self.assertNotIn(name, html)

    def test_it_gives_the_reference_and_the_teaching_cautions(self):
        r = self.group()
        self.assertContains(r, "8,55")  # the canvas, in the 2018 French study
        # No "1 in N of the Internet" (Eckersley's 1 in 286,777): the group is all there is.
        for figure in ["286,777", "286 777", "286\u202f777", "286\xa0777"]:
            self.assertNotContains(r, figure)
        self.assertContains(r, "FP-Stalker")

    def test_the_admin_sees_it_too(self):
        self.assertEqual(self.group(self.alice).status_code, 200)

    def test_the_structures_contact_and_another_trainer_do_not(self):
        self.assertEqual(self.group(self.diane).status_code, 403)
        self.assertEqual(self.group(self.charlie).status_code, 404)

    def test_the_cycle_page_links_to_it_for_those_who_run_the_cycle(self):
        url = reverse("traces:group", args=[self.cycle.code])
        self.login(self.bob)
        self.assertContains(self.client.get(self.cycle.get_absolute_url()), url)
        self.login(self.diane)
        self.assertNotContains(self.client.get(self.cycle.get_absolute_url()), url)

    def test_before_anyone_compared_it_says_so(self):
        self.login(self.charlie)
        r = self.client.get(reverse("traces:group", args=[self.other_cycle.code]))
        self.assertContains(r, _("Nobody has compared it yet."))
