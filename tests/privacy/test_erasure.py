"""Erasing a trainee's data: each category removed, the evidence kept while it must be, full
anonymisation afterwards; the ledger still verifies, a tampered drawing still breaks it, and no
published figure changes."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from acunum.attendance.models import AttendanceEvent, Refusal
from acunum.checklist.models import StepStatus, UsedPlatform
from acunum.complaints.models import Complaint
from acunum.cycles.models import RevokedLink, Trainee
from acunum.evaluation import indicators
from acunum.evaluation.models import Participation, Response
from acunum.evaluation.results import cycle_results
from acunum.outbox.models import Attachment, Message
from acunum.plans.models import Commitment, StatusChange
from acunum.privacy import erasure, scrub
from acunum.privacy.export import export
from acunum.privacy.models import ErasedDrawing, Erasure
from acunum.test import BaseTestCase, database_state
from acunum.traces.models import Submission
from acunum.usages.models import Comment, Dot, Proposal
from acunum.workshops.models import Contribution, Participant
from tests.documents.test_certificate import play_slot
from tests.privacy import world
from tests.privacy.world import EVIDENCE_OVER, LINKS_OVER


def verify_ledger() -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("verify_ledger", stdout=out)
    return out.getvalue()


@override_settings(**world.SHIPPED)
class ErasureTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.made = world.fill(cls)
        cls.named = world.named_satisfaction(cls, cls.dominique)

    def erase(self, now=LINKS_OVER) -> Erasure:
        return erasure.erase(self.dominique.trainee, self.alice, "Demande par courriel", now)

    def trainee(self) -> Trainee:
        return Trainee.objects.get(pk=self.dominique.trainee_id)

    def signatures(self, enrolment):
        return AttendanceEvent.objects.filter(enrolment=enrolment, kind="signature")

    def ledger_break(self) -> str:
        with translation.override("en"), self.assertRaises(CommandError) as caught:
            call_command("verify_ledger", stdout=io.StringIO())
        return str(caught.exception)


class PartialErasureTests(ErasureTestCase):
    """At LINKS_OVER, the evidence of the Passerelle cycle (ended in 2026) is still kept."""

    def test_contact_data_and_needs_go_the_name_stays(self):
        self.erase()
        trainee = self.trainee()
        self.assertEqual(
            (trainee.email, trainee.phone, trainee.job, trainee.accessibility_needs),
            ("", "", "", ""),
        )
        self.assertEqual((trainee.last_name, trainee.first_name), ("Test", "Dominique"))
        self.assertEqual(trainee.status, Trainee.Status.EMPLOYEE)

    def test_the_personal_link_stops_working_and_no_old_one_is_remembered(self):
        self.dominique.issue_link()  # the first one is now a revoked link
        self.erase()
        self.dominique.refresh_from_db()
        self.assertIsNone(self.dominique.token_hash)
        self.assertFalse(RevokedLink.objects.filter(enrolment=self.dominique).exists())
        home = reverse("cycles:trainee-home", args=[self.dominique_token])
        self.assertEqual(self.client.get(home).status_code, 404)

    def test_what_is_not_evidence_is_removed(self):
        self.erase()
        mine = {"enrolment": self.dominique}
        for model in (Refusal, UsedPlatform, StepStatus, Submission, Comment, Dot, Commitment):
            self.assertFalse(model.objects.filter(**mine).exists(), model.__name__)
        self.assertFalse(StatusChange.objects.exists())
        proposal = Proposal.objects.get()
        self.assertIsNone(proposal.author)
        self.assertEqual(list(proposal.dots.values_list("enrolment", flat=True)), [self.eden.pk])

    def test_typed_contributions_go_chosen_options_stay_without_a_name(self):
        activities = self.made["activities"]
        self.erase()
        self.assertFalse(Participant.objects.filter(enrolment=self.dominique).exists())
        self.assertFalse(Contribution.objects.filter(activity=activities["words"]).exists())
        poll = Contribution.objects.filter(activity=activities["poll"]).select_related(
            "participant"
        )
        self.assertEqual(
            {(c.participant.enrolment_id, c.participant.pseudonym) for c in poll},
            {(None, scrub.ERASED_PSEUDONYM), (self.eden.pk, "")},
        )
        self.assertEqual(Contribution.objects.filter(activity=activities["anonymous"]).count(), 1)

    def test_evidence_answers_lose_their_free_text_others_are_detached(self):
        self.erase()
        positioning = Response.objects.get(
            respondent_enrolment=self.dominique, questionnaire="positionnement"
        )
        self.assertNotIn("attentes", positioning.answers)
        self.assertNotIn("accessibilite", positioning.answers)
        self.assertEqual(positioning.answers["objectif_1"], 2)
        self.assertTrue(
            Response.objects.filter(
                respondent_enrolment=self.dominique, questionnaire="evaluation-acquis"
            ).exists()
        )
        assessment = Response.objects.get(subject=self.dominique)
        self.assertEqual(assessment.answers["commentaire"], "Très investie.")
        self.named.refresh_from_db()
        self.assertIsNone(self.named.respondent_enrolment)
        self.assertEqual(self.named.answers["satisfaction_globale"], 4)
        self.assertEqual(Participation.objects.filter(enrolment=self.dominique).count(), 3)

    def test_emails_keep_only_that_they_were_sent(self):
        waiting, sent, failed, cancelled = self.made["messages"]
        self.erase()
        messages = Message.objects.in_bulk([m.pk for m in self.made["messages"]])
        for message in messages.values():
            self.assertEqual((message.to, message.body), (scrub.ERASED_EMAIL, ""))
        self.assertEqual(messages[waiting.pk].status, Message.Status.CANCELLED)
        self.assertEqual(messages[sent.pk].status, Message.Status.SENT)
        self.assertEqual(messages[sent.pk].sent_at, Message.objects.get(pk=sent.pk).sent_at)
        self.assertNotIn("adresse-erronee", messages[failed.pk].last_error)
        self.assertIn("550 5.1.1", messages[failed.pk].last_error)
        self.assertFalse(Attachment.objects.exists())

    def test_the_evidence_stays_and_the_ledger_verifies(self):
        events = AttendanceEvent.objects.filter(enrolment=self.dominique).count()
        self.erase()
        self.assertEqual(AttendanceEvent.objects.filter(enrolment=self.dominique).count(), events)
        self.assertTrue(all(e.image for e in self.signatures(self.dominique)))
        complaint = Complaint.objects.get()
        self.assertEqual(complaint.name, "Dominique Test")
        self.assertIn("gros caractères", complaint.text)
        self.assertIn("records", verify_ledger())
        self.assertFalse(ErasedDrawing.objects.exists())

    def test_the_erasure_is_recorded_once(self):
        first = self.erase()
        self.assertEqual(
            (first.scope, first.by, first.trainee_number),
            ("partial", self.alice, self.dominique.trainee_id),
        )
        self.assertIsNone(first.anonymised_at)
        again = erasure.erase(self.dominique.trainee, self.bob, "Encore", LINKS_OVER)
        self.assertEqual(again.pk, first.pk)
        self.assertEqual(Erasure.objects.get().reason, "Demande par courriel")

    def test_an_erasure_without_a_reason_is_refused_and_changes_nothing(self):
        before = database_state()
        with self.assertRaises(ValueError):
            erasure.erase(self.dominique.trainee, self.alice, "  ", LINKS_OVER)
        self.assertEqual(database_state(), before)

    def test_the_other_trainees_data_is_untouched(self):
        before = export(self.eden.trainee, LINKS_OVER)
        self.erase()
        self.assertEqual(export(self.eden.trainee, LINKS_OVER), before)


class FullAnonymisationTests(ErasureTestCase):
    """At EVIDENCE_OVER, no evidence of the Passerelle cycle must be kept any longer."""

    def test_the_name_becomes_the_seat_and_the_drawings_go(self):
        done = self.erase(EVIDENCE_OVER)
        self.assertEqual((done.scope, done.anonymised_at), ("full", EVIDENCE_OVER))
        trainee = self.trainee()
        self.assertEqual((trainee.last_name, trainee.first_name), ("Stagiaire 1", ""))
        self.assertEqual(trainee.email, "")
        self.assertTrue(all(e.image is None for e in self.signatures(self.dominique)))
        self.assertEqual(ErasedDrawing.objects.count(), 2)
        self.assertTrue(all(e.image for e in self.signatures(self.eden)))
        complaint = Complaint.objects.get()
        self.assertEqual((complaint.name, complaint.text), ("Stagiaire 1", scrub.ERASED_TEXT))
        self.assertNotIn("commentaire", Response.objects.get(subject=self.dominique).answers)

    def test_the_ledger_verifies_and_counts_the_drawings_erased(self):
        self.erase(EVIDENCE_OVER)
        output = verify_ledger()
        self.assertIn("2 drawings erased at the end of their retention period", output)
        self.assertIn("Attendance ledger intact: 6 records in 1 cycle chains", output)

    def test_a_partial_erasure_becomes_full_when_the_evidence_period_is_over(self):
        self.erase()
        done = erasure.erase(
            self.dominique.trainee, None, erasure.retention_reason(), EVIDENCE_OVER
        )
        self.assertEqual(Erasure.objects.get(), done)
        self.assertEqual((done.scope, done.by), ("full", self.alice))
        self.assertEqual(self.trainee().last_name, "Stagiaire 1")


class TamperingTests(ErasureTestCase):
    def null_image(self, event) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE attendance_attendanceevent SET image = NULL WHERE id = %s", [event.pk]
            )

    def test_a_drawing_removed_without_a_record_breaks_the_ledger(self):
        self.null_image(self.signatures(self.eden).first())
        self.assertIn("signature image was altered", self.ledger_break())

    def test_a_drawing_removed_beside_the_erased_ones_still_breaks_the_ledger(self):
        self.erase(EVIDENCE_OVER)
        event = self.signatures(self.eden).first()
        self.null_image(event)
        self.assertIn(f"record {event.seq}: its signature image was altered", self.ledger_break())

    def test_a_forged_record_of_erasure_does_not_pass(self):
        self.erase(EVIDENCE_OVER)
        event = self.signatures(self.eden).first()
        self.null_image(event)
        ErasedDrawing.objects.create(
            event=event, image_sha256=event.image_sha256, erased_at=EVIDENCE_OVER, seal="0" * 64
        )
        self.assertIn("signature image was altered", self.ledger_break())

    def test_a_record_of_erasure_with_another_digest_does_not_pass(self):
        self.erase(EVIDENCE_OVER)
        record = ErasedDrawing.objects.first()
        ErasedDrawing.objects.filter(pk=record.pk).update(image_sha256="f" * 64)
        self.assertIn("signature image was altered", self.ledger_break())

    def test_the_erasures_survive_a_rotated_secret_key(self):
        self.erase(EVIDENCE_OVER)
        old = settings.SECRET_KEY
        with override_settings(SECRET_KEY="a-new-key", SECRET_KEY_FALLBACKS=[old]):
            self.assertIn("2 drawings erased", verify_ledger())
        with override_settings(SECRET_KEY="a-new-key", SECRET_KEY_FALLBACKS=[]):
            self.assertIn("signature image was altered", self.ledger_break())


class StatisticsTests(ErasureTestCase):
    """The published indicators and the cycle's results are the same before and after."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        play_slot(cls.cycle.slots.order_by("index").last(), [cls.dominique, cls.eden], cls.bob)

    def figures(self):
        published = indicators.compute(EVIDENCE_OVER)
        enrolments = list(self.cycle.enrolments.select_related("trainee").order_by("seat"))
        results = cycle_results(
            self.cycle, full=False, enrolments=enrolments, trainers=[self.bob], contacts=1
        )
        questionnaires = [
            (
                r.questionnaire.slug,
                r.responses,
                r.answered,
                r.expected,
                r.withheld,
                [
                    (
                        q.question.id,
                        q.answered,
                        [(c.label, c.count) for c in q.counts],
                        q.mean,
                        q.texts,
                    )
                    for q in r.questions
                ],
            )
            for r in results.questionnaires
        ]
        progression = [(p.objective, p.before, p.after) for p in results.progression]
        return published, questionnaires, progression

    def test_a_partial_erasure_changes_no_figure(self):
        before = self.figures()
        self.assertEqual(before[0][(self.version.programme_id, 2026)].satisfaction_answers, 3)
        self.erase()
        self.assertEqual(self.figures(), before)

    def test_a_full_anonymisation_changes_no_figure(self):
        before = self.figures()
        self.erase(EVIDENCE_OVER)
        self.assertEqual(self.figures(), before)
