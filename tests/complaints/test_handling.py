"""The OF's administrator handles the reports: the list with its delays, each step from the
report's page, and the improvements each one caused."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from acunum.complaints import improvements
from acunum.complaints.models import Complaint, Improvement, Refused
from acunum.test import BaseTestCase, database_state
from tests.complaints.world import improvement_data, staff_report, trainee_report


class HandlingTests(BaseTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        self.login(self.alice)

    def days_ago(self, n: int):
        return self.today - timedelta(days=n)

    def test_the_list_shows_open_reports_first_with_their_delays(self):
        closed = trainee_report(
            self, text="Une réclamation close", now=timezone.now() - timedelta(days=20)
        )
        closed.acknowledge(self.days_ago(18), self.alice, self.today)
        closed.record_answer(self.days_ago(15), "Réponse", self.alice, self.today)
        closed.close(self.days_ago(14), self.alice, self.today)
        waiting = staff_report(self.diane, self.cycle, now=timezone.now() - timedelta(days=6))
        r = self.client.get(reverse("complaints:list"))
        self.assertEqual(r.context["open"], [waiting])
        self.assertEqual(r.context["closed"], [closed])
        self.assertEqual(r.context["open"][0].waiting, 6)
        rows = r.content.decode()
        self.assertLess(
            rows.index(waiting.get_absolute_url()), rows.index(closed.get_absolute_url())
        )
        # Closed after 2 days to acknowledge and 5 to answer.
        self.assertInHTML('<td class="num">2</td><td class="num">5</td>', rows)

    def test_the_admin_takes_each_step_from_the_reports_page(self):
        complaint = trainee_report(self, now=timezone.now() - timedelta(days=3))
        url = complaint.get_absolute_url()
        self.client.post(url, {"step": "acknowledged", "acknowledged-date": self.days_ago(2)})
        self.client.post(
            url,
            {"step": "answered", "answered-date": self.days_ago(1), "answered-text": "Réponse"},
        )
        r = self.client.post(url, {"step": "closed", "closed-date": self.today})
        self.assertRedirects(r, url)
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Complaint.Status.CLOSED)
        self.assertEqual(
            (complaint.acknowledged_on, complaint.answered_on, complaint.closed_on),
            (self.days_ago(2), self.days_ago(1), self.today),
        )

    def test_an_answer_dated_before_the_acknowledgement_is_refused_on_the_date(self):
        complaint = trainee_report(self, now=timezone.now() - timedelta(days=3))
        complaint.acknowledge(self.days_ago(1), self.alice, self.today)
        before = database_state()
        r = self.client.post(
            complaint.get_absolute_url(),
            {"step": "answered", "answered-date": self.days_ago(2), "answered-text": "Réponse"},
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'href="#id_answered-date"')
        self.assertEqual(database_state(), before)

    def test_a_step_taken_meanwhile_is_refused_with_a_message(self):
        complaint = trainee_report(self)
        complaint.acknowledge(self.today, self.alice, self.today)
        before = database_state()
        r = self.client.post(
            complaint.get_absolute_url(),
            {"step": "acknowledged", "acknowledged-date": self.today},
            follow=True,
        )
        self.assertContains(r, "message-error")
        self.assertEqual(database_state(), before)

    def test_an_incident_expecting_no_answer_is_closed_from_its_page(self):
        incident = staff_report(self.bob, self.cycle, wants_answer=False)
        incident.acknowledge(self.today, self.alice, self.today)
        r = self.client.get(incident.get_absolute_url())
        self.assertContains(r, 'name="step" value="answered"')
        self.assertContains(r, 'name="step" value="closed"')
        self.client.post(incident.get_absolute_url(), {"step": "closed", "closed-date": self.today})
        incident.refresh_from_db()
        self.assertEqual(incident.status, Complaint.Status.CLOSED)

    def test_the_reports_page_shows_the_improvements_it_caused(self):
        complaint = trainee_report(self)
        Improvement.objects.create(
            what="Vérifier le chauffage la veille",
            cause=Improvement.Cause.COMPLAINT,
            complaint=complaint,
            decided_on=self.today,
            decided_by="Alice",
        )
        r = self.client.get(complaint.get_absolute_url())
        self.assertContains(r, "Vérifier le chauffage la veille")
        new = reverse("complaints:improvement-new") + f"?reclamation={complaint.code}"
        self.assertContains(r, new)
        r = self.client.get(new)
        self.assertEqual(r.context["form"].initial["complaint"], complaint.code)
        self.assertEqual(r.context["form"].initial["cause"], Complaint.Kind.COMPLAINT)

    def test_an_improvement_from_a_complaint_goes_back_to_the_complaint(self):
        complaint = trainee_report(self)
        r = self.client.post(
            reverse("complaints:improvement-new"),
            {
                **improvement_data(self),
                "cause": "complaint",
                "complaint": str(complaint.code),
                "cycle": "",
            },
        )
        self.assertRedirects(r, complaint.get_absolute_url())
        improvement = Improvement.objects.get()
        self.assertEqual((improvement.complaint, improvement.cycle), (complaint, None))
        self.assertEqual(improvement.source_note, "")

    def test_an_improvement_is_marked_done_with_its_date(self):
        r = self.client.post(reverse("complaints:improvement-new"), improvement_data(self))
        improvement = Improvement.objects.get()
        self.assertEqual(improvement.status, Improvement.Status.PLANNED)
        url = reverse("complaints:improvement-edit", args=[improvement.pk])
        before = database_state()
        r = self.client.post(url, {**improvement_data(self), "status": "done"})
        self.assertContains(r, 'href="#id_done_on"')
        self.assertEqual(database_state(), before)
        self.client.post(url, {**improvement_data(self), "status": "done", "done_on": self.today})
        improvement.refresh_from_db()
        self.assertEqual((improvement.status, improvement.done_on), ("done", self.today))


class ImprovementRuleTests(BaseTestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))
        self.today = timezone.localdate()

    def values(self, **changes) -> dict:
        values = {
            "what": "Un changement",
            "cause": Improvement.Cause.SATISFACTION,
            "cycle": self.cycle,
            "complaint": None,
            "source_note": "Satisfaction à chaud",
            "decided_on": self.today,
            "decided_by": "Alice",
            "status": Improvement.Status.PLANNED,
            "done_on": None,
        }
        return {**values, **changes}

    def refused(self, field: str, **changes) -> str:
        with self.assertRaises(Refused) as refused:
            improvements.record(self.values(**changes), self.alice, self.today, timezone.now())
        self.assertEqual(refused.exception.field, field)
        self.assertFalse(Improvement.objects.exists())
        return str(refused.exception)

    def test_the_cause_must_match_what_is_named(self):
        incident = staff_report(self.bob, self.cycle, kind=Complaint.Kind.INCIDENT)
        complaint = trainee_report(self)
        self.refused("complaint", cause=Improvement.Cause.COMPLAINT, complaint=incident)
        self.refused("complaint", cause=Improvement.Cause.INCIDENT, complaint=complaint)
        self.refused("complaint", cause=Improvement.Cause.COMPLAINT)
        self.refused("cycle", cycle=None)
        self.refused("source_note", source_note="  ")
        self.refused("cause", cause="")

    def test_a_done_improvement_needs_a_date_not_before_its_decision(self):
        self.refused("done_on", status=Improvement.Status.DONE)
        message = self.refused(
            "done_on",
            status=Improvement.Status.DONE,
            done_on=self.today - timedelta(days=1),
            decided_on=self.today,
        )
        self.assertIn("before", message)
        self.refused("decided_on", decided_on=self.today + timedelta(days=1))

    def test_a_planned_improvement_keeps_no_done_date_and_a_complaint_no_cycle(self):
        complaint = trainee_report(self)
        improvement = improvements.record(
            self.values(cause=Improvement.Cause.COMPLAINT, complaint=complaint, done_on=self.today),
            self.alice,
            self.today,
            timezone.now(),
        )
        self.assertEqual((improvement.cycle, improvement.done_on), (None, None))
        self.assertEqual(improvement.source_cycle, self.cycle)


class QueryCountTests(BaseTestCase):
    """The lists take the same number of queries whatever the number of reports."""

    def count(self, url: str) -> int:
        self.assertEqual(self.client.get(url).status_code, 200)
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def add_reports(self, n: int) -> None:
        today = timezone.localdate()
        for _ in range(n):
            complaint = trainee_report(self)
            staff_report(self.diane, self.cycle)
            complaint.acknowledge(today, self.alice, today)
            Improvement.objects.create(
                what="Un changement",
                cause=Improvement.Cause.COMPLAINT,
                complaint=complaint,
                decided_on=today,
                decided_by="Alice",
            )

    def test_every_list_of_reports_has_a_fixed_number_of_queries(self):
        pages = [
            (self.alice, reverse("complaints:list")),
            (self.alice, reverse("complaints:improvement-list")),
            (self.alice, reverse("complaints:cycle", args=[self.cycle.code])),
            (self.diane, reverse("complaints:cycle", args=[self.cycle.code])),
            (None, reverse("complaints:trainee", args=[self.dominique_token])),
        ]
        self.add_reports(1)
        small = []
        for user, url in pages:
            self.client.logout()
            if user:
                self.login(user)
            small.append(self.count(url))
        self.add_reports(4)
        for (user, url), before in zip(pages, small, strict=True):
            self.client.logout()
            if user:
                self.login(user)
            with self.subTest(url=url, user=user):
                self.assertEqual(self.count(url), before)
