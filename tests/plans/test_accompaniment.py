"""The trainer's side: every trainee's commitments, the synthesis under the four themes, the
follow-up meetings of temps 2 and the closing review, after which nothing of the plan changes."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.cycles.models import Cycle
from acunum.plans import accompaniment, commitments
from acunum.plans.commitments import Author, Refused
from acunum.plans.models import ClosingReview, Meeting, SynthesisPart, Theme
from acunum.test import BaseTestCase, database_state, make_trainee
from tests.plans.world import close, commit, in_accompaniment, meeting_fields


class CyclePlansTests(BaseTestCase):
    def test_the_trainer_sees_every_trainees_commitments_and_who_has_none(self):
        commit(self.dominique, usage="Un agenda partagé")
        commit(self.dominique, usage="Une charte du smartphone au travail")
        self.login(self.bob)
        r = self.client.get(reverse("plans:cycle-plans", args=[self.cycle.code]))
        self.assertContains(r, "Un agenda partagé")
        self.assertContains(r, "Une charte du smartphone au travail")
        self.assertContains(r, "Eden Test")
        self.assertContains(r, _("No commitment yet."))
        self.assertContains(r, reverse("plans:plan-pdf", args=[self.cycle.code, 1]))
        self.assertNotContains(r, reverse("plans:plan-pdf", args=[self.cycle.code, 2]))

    def test_the_page_asks_a_fixed_number_of_queries_whatever_the_group(self):
        url = reverse("plans:cycle-plans", args=[self.cycle.code])
        commitments.record_status(
            commit(self.dominique), "under_way", "", Author.staff(self.bob), timezone.now()
        )
        self.login(self.bob)
        self.client.get(url)
        few = self.count_queries(url)
        for n in range(self.cycle.max_trainees - self.cycle.enrolments.count()):
            enrolment = make_trainee(self.cycle, f"Extra{n}")
            for usage in ("Un agenda partagé", "Un groupe Signal"):
                commitments.record_status(
                    commit(enrolment, usage=usage),
                    "done",
                    "",
                    Author.staff(self.bob),
                    timezone.now(),
                )
        self.assertEqual(self.count_queries(url), few)

    def count_queries(self, url) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_cycle_page_links_to_the_plans_and_the_accompaniment(self):
        self.login(self.bob)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, reverse("plans:cycle-plans", args=[self.cycle.code]))
        self.assertContains(r, reverse("plans:accompaniment", args=[self.cycle.code]))


class SynthesisTests(BaseTestCase):
    def setUp(self):
        self.agenda = commit(self.dominique, usage="Un agenda partagé")
        self.signal = commit(self.eden, usage="Un groupe Signal avec les familles")
        self.login(self.bob)
        self.url = reverse("plans:synthesis", args=[self.cycle.code])

    def test_the_form_has_the_four_themes_and_every_commitment(self):
        r = self.client.get(self.url)
        for theme in Theme:
            self.assertContains(r, theme.label)
            self.assertContains(r, f'name="text_{theme.value}"')
        self.assertContains(r, "Dominique Test : Un agenda partagé")
        self.assertContains(r, "Eden Test : Un groupe Signal avec les familles")

    def test_the_trainer_writes_a_text_per_theme_and_the_commitments_it_draws_on(self):
        r = self.client.post(
            self.url,
            {
                "text_work_organisation": "  Un temps d’équipe pour tenir l’agenda.  ",
                "commitments_work_organisation": [self.agenda.pk],
                "text_internal_mediation": "Un référent numérique par pôle.",
                "commitments_internal_mediation": [self.agenda.pk, self.signal.pk],
            },
        )
        self.assertRedirects(r, reverse("plans:cycle-plans", args=[self.cycle.code]))
        parts = {p.theme: p for p in SynthesisPart.objects.filter(cycle=self.cycle)}
        self.assertEqual(set(parts), {t.value for t in Theme})
        self.assertEqual(parts["work_organisation"].text, "Un temps d’équipe pour tenir l’agenda.")
        self.assertEqual(
            list(parts["internal_mediation"].commitments.order_by("pk")), [self.agenda, self.signal]
        )
        self.assertEqual(parts["information_system"].text, "")
        self.assertEqual(parts["work_organisation"].updated_by, self.bob)
        page = self.client.get(reverse("plans:accompaniment", args=[self.cycle.code]))
        self.assertContains(page, "Un référent numérique par pôle.")

    def test_a_commitment_of_another_cycle_cannot_be_drawn_on(self):
        farids = commit(self.farid)
        before = database_state()
        r = self.client.post(
            self.url,
            {"text_further_training": "Rien", "commitments_further_training": [farids.pk]},
        )
        self.assertContains(r, 'href="#id_commitments_further_training"')
        self.assertEqual(database_state(), before)
        with self.assertRaisesMessage(Refused, "n’est pas un engagement de ce cycle"):
            accompaniment.save_synthesis(
                self.cycle, {}, {"further_training": [farids.pk]}, self.bob, timezone.now()
            )

    def test_a_contact_reads_the_synthesis_but_does_not_write_it(self):
        self.login(self.diane)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(
            self.client.get(reverse("plans:synthesis-pdf", args=[self.cycle.code])).status_code,
            200,
        )

    def test_a_closed_accompaniment_refuses_the_synthesis(self):
        close(self.cycle, self.bob)
        before = database_state()
        r = self.client.post(self.url, {"text_further_training": "Une formation de plus"})
        self.assertContains(r, _("The accompaniment is closed: the commitments no longer change."))
        self.assertNotContains(r, 'name="text_further_training"')
        self.assertEqual(database_state(), before)


class MeetingTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)
        self.url = reverse("plans:meeting-new", args=[self.cycle.code])

    def post(self, **overrides):
        data = {k: str(v) for k, v in meeting_fields(**overrides).items()}
        return self.client.post(self.url, data)

    def test_meetings_wait_for_the_accompaniment_phase(self):
        before = database_state()
        r = self.post()
        self.assertContains(r, "L’accompagnement n’a pas commencé")
        self.assertEqual(database_state(), before)

    def test_the_trainer_records_a_meeting_that_the_contact_reads(self):
        in_accompaniment(self.cycle)
        r = self.post()
        self.assertRedirects(
            r, reverse("plans:accompaniment", args=[self.cycle.code]) + "#h-meetings"
        )
        meeting = Meeting.objects.get()
        self.assertEqual(meeting.date, timezone.localdate() - timedelta(days=3))
        self.assertEqual(meeting.recorded_by, self.bob)
        self.login(self.diane)
        page = self.client.get(reverse("plans:accompaniment", args=[self.cycle.code]))
        self.assertContains(page, "La directrice, deux stagiaires, la formatrice")
        self.assertContains(page, "Étendre l’agenda au pôle hébergement en septembre.")
        self.assertNotContains(page, reverse("plans:meeting-new", args=[self.cycle.code]))

    def test_a_meeting_to_come_is_refused(self):
        in_accompaniment(self.cycle)
        before = database_state()
        r = self.post(date=timezone.localdate() + timedelta(days=1))
        self.assertContains(r, "une rencontre s’enregistre une fois qu’elle a eu lieu")
        self.assertEqual(database_state(), before)

    def test_a_meeting_needs_participants_and_something_said(self):
        in_accompaniment(self.cycle)
        before = database_state()
        self.assertContains(self.post(participants=" "), 'href="#id_participants"')
        r = self.post(notes="", decisions="")
        self.assertContains(r, _("Write the notes or the decisions of the meeting."))
        self.assertEqual(database_state(), before)

    def test_the_trainer_corrects_a_meeting(self):
        in_accompaniment(self.cycle)
        meeting = accompaniment.record_meeting(
            self.cycle, meeting_fields(), self.bob, timezone.now()
        )
        url = reverse("plans:meeting-edit", args=[self.cycle.code, meeting.pk])
        self.assertContains(self.client.get(url), "L’agenda partagé est en place")
        data = {k: str(v) for k, v in meeting_fields(notes="Relu avec la directrice").items()}
        self.client.post(url, data)
        meeting.refresh_from_db()
        self.assertEqual(meeting.notes, "Relu avec la directrice")

    def test_another_cycles_meeting_is_not_reached(self):
        in_accompaniment(self.other_cycle)
        meeting = accompaniment.record_meeting(
            self.other_cycle, meeting_fields(), self.charlie, timezone.now()
        )
        url = reverse("plans:meeting-edit", args=[self.cycle.code, meeting.pk])
        self.assertEqual(self.client.get(url).status_code, 404)


class ClosingReviewTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)
        self.url = reverse("plans:review", args=[self.cycle.code])
        in_accompaniment(self.cycle)

    def test_the_review_closes_the_accompaniment_once(self):
        commitment = commit(self.dominique)
        meeting = accompaniment.record_meeting(
            self.cycle, meeting_fields(), self.bob, timezone.now()
        )
        r = self.client.post(
            self.url, {"date": timezone.localdate().isoformat(), "text": "Deux usages en place."}
        )
        self.assertRedirects(
            r, reverse("plans:accompaniment", args=[self.cycle.code]) + "#h-review"
        )
        review = ClosingReview.objects.get()
        self.assertEqual(
            (review.text, review.by, review.name), ("Deux usages en place.", self.bob, "Bob Test")
        )
        before = database_state()
        r = self.client.post(self.url, {"date": timezone.localdate().isoformat(), "text": "Encore"})
        self.assertContains(r, _("The accompaniment is closed: its review has been written."))
        data = {k: str(v) for k, v in meeting_fields().items()}
        r = self.client.post(reverse("plans:meeting-new", args=[self.cycle.code]), data)
        self.assertContains(r, _("The accompaniment is closed: its review has been written."))
        url = reverse("plans:meeting-edit", args=[self.cycle.code, meeting.pk])
        self.client.post(url, {**data, "notes": "Changé après coup"})
        self.assertEqual(database_state(), before)
        page = self.client.get(reverse("plans:accompaniment", args=[self.cycle.code]))
        self.assertContains(page, "Deux usages en place.")
        self.assertNotContains(page, f'name="c{commitment.pk}-status"')

    def test_a_review_needs_a_text_and_a_date_that_has_come(self):
        before = database_state()
        r = self.client.post(self.url, {"date": timezone.localdate().isoformat(), "text": " "})
        self.assertContains(r, 'href="#id_text"')
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        r = self.client.post(self.url, {"date": tomorrow, "text": "Trop tôt"})
        self.assertContains(r, "le bilan s’écrit à la fin de l’accompagnement")
        self.assertEqual(database_state(), before)

    def test_a_cycle_not_in_accompaniment_cannot_be_closed(self):
        Cycle.objects.filter(pk=self.cycle.pk).update(status=Cycle.Status.IN_TRAINING)
        before = database_state()
        r = self.client.post(
            self.url, {"date": timezone.localdate().isoformat(), "text": "Trop tôt"}
        )
        self.assertContains(r, "L’accompagnement n’a pas commencé")
        self.assertEqual(database_state(), before)

    def test_the_contact_cannot_write_the_review(self):
        self.login(self.diane)
        before = database_state()
        r = self.client.post(self.url, {"date": timezone.localdate().isoformat(), "text": "Moi"})
        self.assertEqual(r.status_code, 403)
        self.assertEqual(database_state(), before)
