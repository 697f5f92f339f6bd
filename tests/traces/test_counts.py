"""What each person sees back (how many share their value) and the group's figures, computed
from counts of digests; and the database's own guards."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import translation

from acunum.test import BaseTestCase, make_trainee
from acunum.traces import comparing
from acunum.traces.comparing import Figures, Share
from acunum.traces.models import CycleKey, Submission, Trace
from tests.traces.world import SCRIPT_VALUES, compare_directly, open_lab


class CountTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.gaby = make_trainee(cls.cycle, "Gaby")
        open_lab(cls.cycle)
        open_lab(cls.other_cycle)
        # Dominique and Eden: the same phone. Gaby: a computer (screen, browser), in another
        # time zone: three values of hers alone.
        compare_directly(cls.dominique)
        compare_directly(cls.eden)
        compare_directly(
            cls.gaby,
            {**SCRIPT_VALUES, "screen": "1920x1080;24;1", "timezone": "Europe/London;UTC+00:00"},
            HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Firefox/133.0",
        )
        # Farid, in the other cycle, has the same phone: he does not count here.
        compare_directly(cls.farid)

    def shares(self, enrolment):
        return comparing.shares(Submission.objects.get(enrolment=enrolment))

    def test_each_person_sees_how_many_others_share_each_value(self):
        dominique = self.shares(self.dominique)
        self.assertEqual(dominique["screen"], Share(others=1, compared=3))
        self.assertEqual(dominique["accept-language"], Share(others=2, compared=3))
        gaby = self.shares(self.gaby)
        self.assertEqual(gaby["screen"], Share(others=0, compared=3))
        self.assertTrue(gaby["screen"].alone)
        self.assertEqual(gaby["user-agent"], Share(others=0, compared=3))

    def test_the_sentences_say_it_in_words(self):
        with translation.override("en"):
            self.assertEqual(
                Share(others=1, compared=3).sentence(),
                "You share this value with 1 other of the 3 in the group who compared.",
            )
            self.assertEqual(
                Share(others=2, compared=3).sentence(),
                "You share this value with 2 others of the 3 in the group who compared.",
            )
            self.assertIn("singles you out", Share(others=0, compared=3).sentence())
            self.assertIn("Nobody else has compared yet", Share(others=0, compared=1).sentence())

    def test_the_summary_counts_the_values_that_are_yours_alone(self):
        with translation.override("en"):
            self.assertIn(
                "3 of your values are yours alone", comparing.summary(self.shares(self.gaby))
            )
            self.assertIn("None of your values", comparing.summary(self.shares(self.dominique)))

    def test_the_group_figures_are_counts_per_attribute(self):
        compared, figures = comparing.group_figures(self.cycle)
        self.assertEqual(compared, 3)
        self.assertEqual(figures["screen"], Figures(compared=3, distinct=2, largest=2, alone=1))
        self.assertEqual(figures["languages"], Figures(compared=3, distinct=1, largest=3, alone=0))
        self.assertEqual(comparing.group_figures(self.other_cycle)[0], 1)

    def test_a_cycle_where_nobody_compared_has_no_figures(self):
        Submission.objects.filter(key__cycle=self.other_cycle).delete()
        CycleKey.objects.filter(cycle=self.other_cycle).delete()
        self.assertEqual(comparing.group_figures(self.other_cycle), (0, {}))

    def test_counting_takes_two_queries_whatever_the_group(self):
        submission = Submission.objects.get(enrolment=self.dominique)
        with self.assertNumQueries(2):
            comparing.shares(submission)
        with self.assertNumQueries(3):
            comparing.group_figures(self.cycle)


class ConstraintTests(BaseTestCase):
    def setUp(self):
        open_lab(self.cycle)
        self.submission = compare_directly(self.dominique)

    def insert(self, **fields):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Trace.objects.create(submission=self.submission, **fields)

    def test_the_database_refuses_an_attribute_the_lab_does_not_compare(self):
        self.insert(attribute="webrtc", digest="a" * 64)
        self.insert(attribute="battery", digest="a" * 64)

    def test_the_database_refuses_a_digest_that_is_not_sha256_sized(self):
        Trace.objects.filter(submission=self.submission, attribute="screen").delete()
        self.insert(attribute="screen", digest="1920x1080")

    def test_the_database_keeps_one_trace_per_attribute(self):
        self.insert(attribute="screen", digest="b" * 64)

    def test_the_database_keeps_one_submission_per_trainee(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Submission.objects.create(
                key=self.submission.key,
                enrolment=self.dominique,
                submitted_at=self.submission.submitted_at,
            )

    def test_the_database_refuses_a_short_key(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            CycleKey.objects.create(cycle=self.other_cycle, secret="abc")
