"""Invitations and reminders through the outbox: once each, after the delays, stopped by an
answer; and, through a real SMTP server, received exactly once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from acunum.cycles.models import Cycle
from acunum.evaluation import due
from acunum.evaluation.answering import Who, submit
from acunum.evaluation.models import QuestionnaireVersion
from acunum.evaluation.reminders import enqueue_due
from acunum.outbox import producers, worker
from acunum.outbox.models import Message
from acunum.test import BaseTestCase
from tests.evaluation.test_answering import checked
from tests.evaluation.world import (
    HOT,
    HOT_ANSWERS,
    POSITIONING,
    SPONSOR,
    SPONSOR_ANSWERS,
    before_training,
    training_ended,
)
from tests.outbox.smtp import SmtpServerMixin

DAY = timedelta(days=1)


class ReminderTestCase(BaseTestCase):
    def setUp(self):
        training_ended(self.cycle)
        # Just after the hot satisfaction opened, at the start of the last half-day.
        self.opened = due.cycle_windows(self.cycle)[HOT].opens + timedelta(minutes=1)

    def keys(self, prefix: str = "") -> list[str]:
        return sorted(Message.objects.filter(key__startswith=prefix).values_list("key", flat=True))

    def hot(self, name: str, n: int = 0) -> str:
        enrolment = getattr(self, name)
        if n == 0:
            return f"invitation:{HOT}:{self.cycle.pk}:{enrolment.pk}"
        return f"reminder:{HOT}:{self.cycle.pk}:{enrolment.pk}:{n}"

    def answer_hot(self, enrolment) -> None:
        version = QuestionnaireVersion.objects.current_of(HOT)
        submit(
            version,
            self.cycle,
            checked(version, HOT_ANSWERS),
            Who(enrolment=enrolment),
            timezone.localdate(self.opened),
        )


class InvitationTests(ReminderTestCase):
    def test_each_trainee_is_invited_once_when_the_questionnaire_opens(self):
        self.assertEqual(enqueue_due(self.opened - 2 * timedelta(minutes=1)), 0)
        enqueue_due(self.opened)
        self.assertIn(self.hot("dominique"), self.keys())
        self.assertIn(self.hot("eden"), self.keys())
        count = Message.objects.count()
        self.assertEqual(enqueue_due(self.opened), 0)
        self.assertEqual(enqueue_due(self.opened + timedelta(hours=1)), 0)
        self.assertEqual(Message.objects.count(), count)

    def test_only_the_trainees_of_the_cycle_are_invited(self):
        enqueue_due(self.opened)
        self.assertFalse(Message.objects.filter(to=self.farid.trainee.email).exists())
        self.assertEqual(
            set(Message.objects.filter(key__contains=f":{HOT}:").values_list("to", flat=True)),
            {"dominique@example.org", "eden@example.org"},
        )

    def test_the_invitation_carries_her_own_link_and_says_it_is_anonymous(self):
        enqueue_due(self.opened)
        message = Message.objects.get(key=self.hot("dominique"))
        link = settings.SITE_URL + reverse(
            "evaluation:trainee-answer", args=[self.dominique_token, HOT]
        )
        self.assertEqual(message.kind, Message.Kind.INVITATION)
        self.assertEqual((message.cycle, message.enrolment), (self.cycle, self.dominique))
        self.assertIn(link, message.body)
        self.assertEqual(message.links(), [link])
        self.assertIn("Bonjour Dominique", message.body)
        self.assertIn("anonymes", message.body)
        self.assertIn("Satisfaction en fin de formation", message.subject)
        self.assertNotIn("&#x27;", message.body + message.subject)

    def test_a_named_questionnaire_says_so(self):
        enqueue_due(self.opened)
        key = f"invitation:evaluation-acquis:{self.cycle.pk}:{self.dominique.pk}"
        self.assertIn("ne sont pas anonymes", Message.objects.get(key=key).body)

    def test_a_trainee_whose_link_was_revoked_is_skipped(self):
        self.dominique.revoke_link()
        enqueue_due(self.opened)
        self.assertNotIn(self.hot("dominique"), self.keys())
        self.assertIn(self.hot("eden"), self.keys())

    def test_the_positioning_invites_each_trainee_from_their_enrolment(self):
        before_training(self.cycle)
        enqueue_due(timezone.now())
        self.assertEqual(
            self.keys(f"invitation:{POSITIONING}:"),
            sorted(
                f"invitation:{POSITIONING}:{self.cycle.pk}:{e.pk}"
                for e in (self.dominique, self.eden)
            ),
        )

    def test_the_structure_contact_is_invited_to_the_structures_satisfaction(self):
        end = due.cycle_windows(self.cycle)[SPONSOR].opens
        enqueue_due(end)
        message = Message.objects.get(
            key=f"invitation:{SPONSOR}:{self.cycle.pk}:contact-{self.diane.pk}"
        )
        self.assertEqual(message.to, "diane@example.org")
        self.assertIsNone(message.enrolment)
        self.assertIn(
            reverse("evaluation:staff-answer", args=[self.cycle.code, SPONSOR]), message.body
        )
        self.assertFalse(Message.objects.filter(to="eve@example.org").exists())

    def test_the_trainers_questionnaires_are_not_emailed(self):
        enqueue_due(due.cycle_windows(self.cycle)[SPONSOR].opens + DAY)
        self.assertFalse(Message.objects.filter(key__contains="formateur").exists())
        self.assertFalse(Message.objects.filter(to="bob@example.org").exists())

    def test_a_closed_cycle_invites_nobody(self):
        Cycle.objects.filter(pk=self.cycle.pk).update(status=Cycle.Status.CLOSED)
        self.assertEqual(enqueue_due(self.opened), 0)

    def test_nothing_is_enqueued_once_the_questionnaire_has_closed(self):
        enqueue_due(self.opened + 15 * DAY)
        self.assertEqual(self.keys(f"invitation:{HOT}:"), [])
        self.assertEqual(self.keys("invitation:evaluation-acquis:"), [])


class ReminderTests(ReminderTestCase):
    def test_reminders_follow_the_invitation_after_3_then_7_days(self):
        enqueue_due(self.opened)
        enqueue_due(self.opened + 3 * DAY - timedelta(minutes=1))
        self.assertNotIn(self.hot("dominique", 1), self.keys())
        enqueue_due(self.opened + 3 * DAY)
        self.assertIn(self.hot("dominique", 1), self.keys())
        enqueue_due(self.opened + 7 * DAY - timedelta(minutes=1))
        self.assertNotIn(self.hot("dominique", 2), self.keys())
        enqueue_due(self.opened + 7 * DAY)
        self.assertIn(self.hot("dominique", 2), self.keys())
        enqueue_due(self.opened + 13 * DAY)
        self.assertEqual(
            self.keys(f"reminder:{HOT}:{self.cycle.pk}:{self.dominique.pk}:"),
            [self.hot("dominique", 1), self.hot("dominique", 2)],
        )
        reminder = Message.objects.get(key=self.hot("dominique", 1))
        self.assertEqual(reminder.kind, Message.Kind.REMINDER)
        self.assertTrue(reminder.subject.startswith("Rappel"))

    def test_the_delays_are_a_setting(self):
        with self.settings(REMINDER_DAYS=[1]):
            enqueue_due(self.opened)
            enqueue_due(self.opened + DAY)
            enqueue_due(self.opened + 10 * DAY)
        self.assertEqual(
            self.keys(f"reminder:{HOT}:{self.cycle.pk}:{self.dominique.pk}:"),
            [self.hot("dominique", 1)],
        )

    def test_after_days_without_a_worker_reminders_resume_one_at_a_time(self):
        enqueue_due(self.opened)
        enqueue_due(self.opened + 8 * DAY)
        self.assertIn(self.hot("dominique", 1), self.keys())
        self.assertNotIn(self.hot("dominique", 2), self.keys())
        enqueue_due(self.opened + 12 * DAY - timedelta(minutes=1))
        self.assertNotIn(self.hot("dominique", 2), self.keys())
        enqueue_due(self.opened + 12 * DAY)
        self.assertIn(self.hot("dominique", 2), self.keys())

    def test_an_answer_stops_the_reminders(self):
        enqueue_due(self.opened)
        self.answer_hot(self.dominique)
        enqueue_due(self.opened + 3 * DAY)
        enqueue_due(self.opened + 7 * DAY)
        self.assertNotIn(self.hot("dominique", 1), self.keys())
        self.assertIn(self.hot("eden", 2), self.keys())

    def test_an_answer_cancels_a_reminder_still_waiting(self):
        enqueue_due(self.opened)
        enqueue_due(self.opened + 3 * DAY)
        enqueue_due(self.opened + 3 * DAY)  # once, however often the worker asks
        self.answer_hot(self.dominique)
        statuses = dict(Message.objects.values_list("key", "status"))
        self.assertEqual(statuses[self.hot("dominique", 1)], Message.Status.CANCELLED)
        self.assertEqual(statuses[self.hot("eden", 1)], Message.Status.PENDING)

    def test_the_contacts_answer_stops_their_reminders(self):
        opens = due.cycle_windows(self.cycle)[SPONSOR].opens
        enqueue_due(opens)
        version = QuestionnaireVersion.objects.current_of(SPONSOR)
        submit(
            version,
            self.cycle,
            checked(version, SPONSOR_ANSWERS),
            Who(user=self.diane),
            timezone.localdate(opens),
        )
        enqueue_due(opens + 3 * DAY)
        self.assertEqual(self.keys(f"reminder:{SPONSOR}:"), [])

    def test_the_producer_is_registered_with_the_outbox(self):
        self.assertIn(enqueue_due, producers._producers)


class SmtpDeliveryTests(SmtpServerMixin, ReminderTestCase):
    def received(self) -> Counter:
        return Counter(
            (m["To"], str(m["Subject"]).strip())
            for m in self.inbox.received
            if "Satisfaction en fin" in str(m["Subject"])
        )

    def test_invitations_and_reminders_arrive_exactly_once_and_stop_on_answer(self):
        title = "Satisfaction en fin de formation – ACUNUM"
        reminder = f"Rappel : {title}"
        dominique, eden = "dominique@example.org", "eden@example.org"
        # The worker asks the producers before each round; two rounds, the same emails.
        worker.run_once(self.opened)
        worker.run_once(self.opened + timedelta(minutes=1))
        self.assertEqual(self.received(), Counter({(dominique, title): 1, (eden, title): 1}))
        worker.run_once(self.opened + 3 * DAY)
        worker.run_once(self.opened + 3 * DAY + timedelta(minutes=1))
        self.assertEqual(self.received()[(dominique, reminder)], 1)
        self.answer_hot(self.dominique)
        worker.run_once(self.opened + 7 * DAY)
        worker.run_once(self.opened + 7 * DAY + timedelta(minutes=1))
        self.assertEqual(
            self.received(),
            Counter(
                {
                    (dominique, title): 1,
                    (eden, title): 1,
                    (dominique, reminder): 1,
                    (eden, reminder): 2,
                }
            ),
        )
        self.assertEqual(max(self.inbox.message_ids().values()), 1)
