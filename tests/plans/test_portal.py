"""The structure contact's portal: for each of their structure's cycles, the schedule, the
attendance summary, the documents they may download, the action plans with where each commitment
stands, the meetings and the closing review; nothing of another structure's cycle."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acunum.attendance import signing
from acunum.attendance.hours import cycle_assiduity
from acunum.plans import accompaniment, commitments
from acunum.plans.commitments import Author
from acunum.test import BaseTestCase, open_today
from tests.attendance.test_core import drawn_signature
from tests.plans.world import commit, in_accompaniment, meeting_fields


def attend_slot_one(t) -> None:
    """Half-day 1: Dominique signs, Eden is marked absent, the trainer closes it."""
    slot = t.cycle.slots.get(index=1)
    window = open_today(slot, t.bob)
    signing.sign(t.dominique, slot, code=window.room_code(), strokes=drawn_signature())
    signing.mark_absent(slot, t.eden, t.bob, excused=True, reason="Malade")
    signing.counter_sign(slot, t.bob, strokes=drawn_signature())
    signing.close_window(window, t.bob)


class PortalTests(BaseTestCase):
    def url(self, cycle=None):
        return reverse("plans:accompaniment", args=[(cycle or self.cycle).code])

    def test_the_contacts_dashboard_and_cycle_page_lead_to_the_portal(self):
        self.login(self.diane)
        dashboard = self.client.get(reverse("cycles:dashboard"))
        self.assertContains(dashboard, self.url())
        self.assertNotContains(dashboard, self.url(self.other_cycle))
        self.assertContains(self.client.get(self.cycle.get_absolute_url()), self.url())

    def test_a_contact_reaching_another_structures_cycle_is_refused(self):
        self.login(self.diane)
        self.assertEqual(self.client.get(self.url(self.other_cycle)).status_code, 404)
        pdf = reverse("plans:synthesis-pdf", args=[self.other_cycle.code])
        self.assertEqual(self.client.get(pdf).status_code, 404)
        self.login(self.eve)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.other_cycle)).status_code, 200)

    def test_the_attendance_summary_is_the_ledgers_per_half_day(self):
        attend_slot_one(self)
        self.login(self.diane)
        r = self.client.get(self.url())
        rows = {row["slot"].index: row for row in r.context["slots"]}
        first = rows[1]
        self.assertEqual((first["present"], first["absent"], first["closed"]), (1, 1, True))
        self.assertEqual([rows[n]["present"] for n in range(2, 17)], [0] * 15)
        # The same figures as the cycle page's, from the same folding of the ledger.
        slots = list(self.cycle.slots.order_by("date", "start"))
        enrolments = list(self.cycle.enrolments.order_by("seat"))
        reference = cycle_assiduity(self.cycle, slots, enrolments)
        self.assertEqual(
            [(row["present"], row["minutes"]) for row in r.context["slots"]],
            [(row.present, row.minutes) for row in reference.slots],
        )
        self.assertContains(r, reverse("documents:attendance-sheet", args=[self.cycle.code, 1]))
        self.assertNotContains(r, reverse("documents:attendance-sheet", args=[self.cycle.code, 2]))

    def test_a_half_day_of_requested_usages_shows_its_theme(self):
        from acunum.usages import plan

        dj3 = self.cycle.programme_version.sequences.get(code="DJ3")
        plan.set_theme(
            self.cycle,
            dj3,
            plan.Content("Tourner une vidéo au smartphone", "Filmer, monter, publier."),
            reason="Les stagiaires l’ont demandé",
            user=self.bob,
        )
        self.login(self.diane)
        r = self.client.get(self.url())
        self.assertContains(r, "Tourner une vidéo au smartphone")

    def test_the_contact_finds_the_documents_they_may_download(self):
        self.login(self.diane)
        r = self.client.get(self.url())
        for name, args in [
            ("documents:quote", [self.cycle.code]),
            ("documents:agreement", [self.cycle.code]),
            ("documents:dossier", [self.cycle.code]),
            ("documents:convocation", [self.cycle.code, self.dominique.seat]),
            ("plans:synthesis-pdf", [self.cycle.code]),
            ("cycles:calendar", [self.cycle.code]),
        ]:
            self.assertContains(r, reverse(name, args=args))
        # The documents of the end wait for every half-day to be closed.
        self.assertNotContains(
            r, reverse("documents:attestation", args=[self.cycle.code, self.dominique.seat])
        )

    def test_the_contact_sees_the_plans_their_status_the_meetings_and_the_review(self):
        in_accompaniment(self.cycle)
        agenda = commit(self.dominique, usage="Un agenda partagé")
        commitments.record_status(
            agenda,
            "under_way",
            "Testé au pôle famille",
            Author.trainee(self.dominique),
            timezone.now(),
        )
        accompaniment.save_synthesis(
            self.cycle,
            {"work_organisation": "Un temps d’équipe mensuel."},
            {"work_organisation": [agenda.pk]},
            self.bob,
            timezone.now(),
        )
        accompaniment.record_meeting(self.cycle, meeting_fields(), self.bob, timezone.now())
        self.login(self.diane)
        r = self.client.get(self.url())
        self.assertContains(r, "Un agenda partagé")
        self.assertContains(r, "Testé au pôle famille")
        self.assertContains(r, "Un temps d’équipe mensuel.")
        self.assertContains(r, "Étendre l’agenda au pôle hébergement en septembre.")
        self.assertContains(r, f'name="c{agenda.pk}-status"')
        # The contact reads; recording meetings and the review is for those who run the cycle.
        self.assertNotContains(r, reverse("plans:meeting-new", args=[self.cycle.code]))
        self.assertNotContains(r, reverse("plans:review", args=[self.cycle.code]))
        self.login(self.bob)
        r = self.client.get(self.url())
        self.assertContains(r, reverse("plans:meeting-new", args=[self.cycle.code]))
        self.assertContains(r, reverse("plans:review", args=[self.cycle.code]))

    def test_the_contact_updates_a_commitment_with_a_note(self):
        agenda = commit(self.dominique)
        self.login(self.diane)
        r = self.client.post(
            reverse("plans:status", args=[self.cycle.code, agenda.pk]),
            {f"c{agenda.pk}-status": "done", f"c{agenda.pk}-note": "Adopté par l’équipe"},
        )
        self.assertRedirects(r, self.url() + f"#engagement-{agenda.pk}")
        change = agenda.changes.get()
        self.assertEqual(
            (change.status, change.by, change.note, change.user),
            ("done", "contact", "Adopté par l’équipe", self.diane),
        )

    def test_the_page_asks_a_fixed_number_of_queries_whatever_the_plans(self):
        in_accompaniment(self.cycle)
        first = commit(self.dominique)
        commitments.record_status(
            first, "under_way", "", Author.trainee(self.dominique), timezone.now()
        )
        accompaniment.save_synthesis(
            self.cycle, {}, {"work_organisation": [first.pk]}, self.bob, timezone.now()
        )
        accompaniment.record_meeting(self.cycle, meeting_fields(), self.bob, timezone.now())
        self.login(self.diane)
        self.client.get(self.url())  # the session and the organisation, once
        few = self.count_queries()
        for enrolment in (self.dominique, self.eden):
            for usage in ("Un groupe Signal", "Une charte du smartphone"):
                commitment = commit(enrolment, usage=usage)
                commitments.record_status(
                    commitment, "done", "", Author.trainee(enrolment), timezone.now()
                )
        accompaniment.save_synthesis(
            self.cycle,
            {},
            {
                "work_organisation": list(
                    self.cycle.enrolments.values_list("commitments", flat=True)
                )
            },
            self.bob,
            timezone.now(),
        )
        accompaniment.record_meeting(self.cycle, meeting_fields(), self.bob, timezone.now())
        self.assertEqual(self.count_queries(), few)

    def count_queries(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(self.url()).status_code, 200)
        return len(queries)
