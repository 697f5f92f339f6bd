"""The retention policy, at fixed dates: a dry run changes nothing; a purge removes exactly what
has expired, is recorded, leaves the ledger verifiable, and purges nothing more when run again."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import translation

from acunum.accounts.models import AuditEntry
from acunum.attendance.models import Refusal
from acunum.checklist import lists
from acunum.checklist.models import StepStatus, UsedPlatform
from acunum.cycles.models import Cycle, NeedsAnalysis, Trainee
from acunum.outbox.models import Attachment, Message
from acunum.privacy import retention, scrub
from acunum.privacy.models import Erasure
from acunum.test import BaseTestCase, database_state
from acunum.traces.models import CycleKey
from acunum.workshops.models import Participant
from tests.checklist.world import firefox_step
from tests.evaluation.world import move_schedule
from tests.privacy import world
from tests.privacy.test_erasure import verify_ledger
from tests.privacy.world import EVIDENCE_OVER, LINKS_OVER
from tests.workshops.world import as_trainee, make_activity, send

OLD = datetime(2026, 5, 1, 10, tzinfo=UTC)  # more than a year before LINKS_OVER
RECENT = datetime(2026, 12, 1, 10, tzinfo=UTC)


def request_analysis(t, received: datetime, *, cycle=None) -> NeedsAnalysis:
    cycle = cycle or Cycle.objects.create(programme_version=t.version, structure=t.structure)
    return NeedsAnalysis.objects.create(
        cycle=cycle,
        received_at=received,
        contact_name="Nadia Belkacem",
        contact_email="nadia@example.org",
        contact_phone="04 00 00 00 00",
        context="Former l’équipe",
        disability_needs="Une personne malvoyante",
        consent_at=received,
        client_digest="c" * 64,
    )


# Settings as shipped, whatever the test environment sets (acunum/lib/pytest_environment.py).
@override_settings(**world.SHIPPED)
class RetentionTestCase(BaseTestCase):
    """Dominique and Eden's cycle ended in February 2026; Farid's ends on 1 July 2027."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.made = world.fill(cls)
        move_schedule(cls.other_cycle, last=date(2027, 7, 1))
        lists.set_platforms(cls.farid, ["firefox"])
        lists.mark(cls.farid, firefox_step().id, "done", "")
        send(
            make_activity(cls, kind="poll", cycle=cls.other_cycle),
            as_trainee(cls.farid),
            choice="0",
        )
        waiting, sent, failed, cancelled = cls.made["messages"]
        Message.objects.filter(pk=sent.pk).update(sent_at=OLD)
        Message.objects.filter(pk=failed.pk).update(created_at=OLD)
        Refusal.objects.update(created_at=OLD)
        Refusal.objects.create(enrolment=cls.eden, reason="Code erroné", ip=world.IP)
        for at in (OLD, RECENT):
            AuditEntry.objects.create(
                at=at, user_name="alice", action="view", target_type="cycle", target_id=1
            )
        cls.old_request = request_analysis(cls, datetime(2024, 1, 10, tzinfo=UTC))
        cls.recent_request = request_analysis(cls, datetime(2025, 1, 10, tzinfo=UTC))
        cls.trained_request = request_analysis(
            cls, datetime(2023, 1, 10, tzinfo=UTC), cycle=cls.cycle
        )
        Session.objects.create(session_key="a" * 32, session_data="", expire_date=OLD)
        Session.objects.create(
            session_key="b" * 32, session_data="", expire_date=datetime(2028, 1, 1, tzinfo=UTC)
        )

    def counts(self, now) -> dict[str, int]:
        return {rule.key: found.count for rule, found in retention.plan(now)}

    def trainee(self, enrolment) -> Trainee:
        return Trainee.objects.get(pk=enrolment.trainee_id)


class DryRunTests(RetentionTestCase):
    def test_a_dry_run_changes_nothing(self):
        before, sessions = database_state(), Session.objects.count()
        out = io.StringIO()
        with translation.override("en"):
            call_command("retention", "--dry-run", "--today", "2033-01-02", stdout=out)
        self.assertEqual(database_state(), before)
        self.assertEqual(Session.objects.count(), sessions)
        self.assertIn("Dry run on 2033-01-02: nothing is changed.", out.getvalue())

    def test_the_plan_counts_each_category(self):
        self.assertEqual(
            self.counts(LINKS_OVER),
            {
                "evidence": 0,
                "contact": 2,  # Dominique and Eden
                "checklist": 2,  # Dominique's platform and step
                "workshops": 4,  # Dominique's three participations, Eden's one
                "traces": 1,
                "requests": 1,
                "messages": 2,
                "refusals": 1,
                "audit": 1,
                "sessions": 1,
            },
        )
        # Dominique and Eden anonymised by the first rule, Farid's contact by the second: the
        # dry run counts what the purge would do, in the same order.
        later = self.counts(EVIDENCE_OVER)
        self.assertEqual((later["evidence"], later["contact"]), (2, 1))

    def test_the_command_prints_each_category_with_its_dates(self):
        out = io.StringIO()
        with translation.override("en"):
            call_command("retention", "--dry-run", "--today", "2027-06-01", stdout=out)
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 1 + len(retention.RULES))
        contact = next(line for line in lines if line.startswith("Trainees’ contact data"))
        self.assertIn(": 2 (from 2026-02-", contact)
        self.assertIn("kept: 365 days after the last half-day of their last cycle", contact)
        self.assertTrue(
            any(line.startswith("Evidence of the trainings") and ": 0 ·" in line for line in lines)
        )

    def test_today_goes_only_with_a_dry_run(self):
        before = database_state()
        with translation.override("en"), self.assertRaisesMessage(CommandError, "--dry-run"):
            call_command("retention", "--today", "2033-01-02", stdout=io.StringIO())
        with translation.override("en"), self.assertRaisesMessage(CommandError, "“2033-13-02”"):
            call_command("retention", "--dry-run", "--today", "2033-13-02", stdout=io.StringIO())
        self.assertEqual(database_state(), before)


class PurgeTests(RetentionTestCase):
    def test_at_the_links_end_exactly_what_expired_goes(self):
        retention.purge(LINKS_OVER)
        for enrolment in (self.dominique, self.eden):
            trainee = self.trainee(enrolment)
            self.assertEqual((trainee.email, trainee.accessibility_needs), ("", ""))
            self.assertEqual(trainee.first_name, enrolment.trainee.first_name)
            enrolment.refresh_from_db()
            self.assertIsNone(enrolment.token_hash)
        farid = self.trainee(self.farid)
        self.assertEqual(farid.email, "farid@example.org")
        self.farid.refresh_from_db()
        self.assertIsNotNone(self.farid.token_hash)
        # Checklists and activities: Farid's only are left, as they were.
        self.assertEqual(
            set(UsedPlatform.objects.values_list("enrolment", flat=True)), {self.farid.pk}
        )
        self.assertEqual(
            set(StepStatus.objects.values_list("enrolment", flat=True)), {self.farid.pk}
        )
        self.assertEqual(
            set(Participant.objects.exclude(enrolment=None).values_list("enrolment", flat=True)),
            {self.farid.pk},
        )
        self.assertFalse(CycleKey.objects.exists())
        # Only the old request's contact.
        self.old_request.refresh_from_db()
        self.assertEqual(
            (self.old_request.contact_email, self.old_request.contact_name),
            (scrub.ERASED_EMAIL, ""),
        )
        self.assertEqual(self.old_request.disability_needs, "")
        for kept in (self.recent_request, self.trained_request):
            kept.refresh_from_db()
            self.assertEqual(kept.contact_email, "nadia@example.org")
        # Emails sent more than a year before: kept as proof, without address, body or files.
        waiting, sent, failed, cancelled = [
            Message.objects.get(pk=m.pk) for m in self.made["messages"]
        ]
        self.assertEqual((sent.to, sent.body, sent.status), (scrub.ERASED_EMAIL, "", "sent"))
        self.assertEqual(failed.to, scrub.ERASED_EMAIL)
        self.assertEqual(waiting.to, "dominique@example.org")
        self.assertEqual(cancelled.to, "dominique@example.org")
        self.assertTrue(Attachment.objects.filter(message=waiting).exists())
        self.assertEqual(list(Refusal.objects.values_list("enrolment", flat=True)), [self.eden.pk])
        self.assertEqual(list(AuditEntry.objects.values_list("at", flat=True)), [RECENT])
        self.assertEqual(list(Session.objects.values_list("session_key", flat=True)), ["b" * 32])
        # The evidence is untouched.
        self.assertFalse(Erasure.objects.exists())
        self.assertIn("records", verify_ledger())

    def test_once_the_evidence_period_is_over_the_trainees_are_anonymised(self):
        done = dict(retention.purge(EVIDENCE_OVER))
        self.assertEqual(self.trainee(self.dominique).last_name, "Stagiaire 1")
        self.assertEqual(self.trainee(self.eden).last_name, "Stagiaire 2")
        self.assertEqual(self.trainee(self.farid).last_name, "Test")
        erasures = Erasure.objects.order_by("trainee_number")
        self.assertEqual(
            [(e.trainee_number, e.scope, e.by) for e in erasures],
            [(self.dominique.trainee_id, "full", None), (self.eden.trainee_id, "full", None)],
        )
        logged = AuditEntry.objects.filter(action="erase").order_by("target_id")
        self.assertEqual(
            [(e.user_name, e.target_id, e.at) for e in logged],
            [
                ("", self.dominique.trainee_id, EVIDENCE_OVER),
                ("", self.eden.trainee_id, EVIDENCE_OVER),
            ],
        )
        self.assertIn("3 drawings erased", verify_ledger())  # two in slot 1, one in slot 2
        self.assertEqual((done_counts := {r.key: f.count for r, f in done.items()})["evidence"], 2)
        self.assertEqual(done_counts["contact"], 1)  # Farid's: his cycle ended in July 2027

    def test_running_it_again_purges_nothing_more(self):
        retention.purge(EVIDENCE_OVER)
        before = database_state()
        self.assertEqual(set(self.counts(EVIDENCE_OVER).values()), {0})
        retention.purge(EVIDENCE_OVER)
        self.assertEqual(database_state(), before)

    def test_the_command_purges_and_says_so(self):
        out = io.StringIO()
        with translation.override("en"):
            call_command("retention", stdout=out)
        self.assertIn("Purge on ", out.getvalue())
        # Today (the test world's cycles ended in February 2026): the expired sessions, at least.
        self.assertFalse(Session.objects.filter(session_key="a" * 32).exists())
