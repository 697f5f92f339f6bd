"""A trainee's export holds every category of personal data held about them, and nothing of
anyone else's; every model that points to a trainee or an enrolment is covered."""

from __future__ import annotations

import json

from django.apps import apps

from acunum.attendance.models import AttendanceEvent
from acunum.cycles.models import Enrolment, Trainee
from acunum.privacy import personal
from acunum.privacy.export import FORMAT, export, filename
from acunum.test import BaseTestCase
from tests.evaluation.world import HOT_ANSWERS
from tests.privacy import world

# Models that point to a trainee or an enrolment and hold nothing to export, and why.
NOT_EXPORTED = {
    # The digests of replaced personal links: a secret's hash, of no use to the person.
    ("cycles.RevokedLink", "enrolment"),
    # The record of an erasure: about the person, not their data.
    ("privacy.Erasure", "trainee"),
}
# The field each category finds its rows by.
COVERED = {
    ("cycles.Enrolment", "trainee"),
    ("attendance.AttendanceEvent", "enrolment"),
    ("attendance.Refusal", "enrolment"),
    ("evaluation.Response", "respondent_enrolment"),
    ("evaluation.Response", "subject"),
    ("evaluation.Participation", "enrolment"),
    ("workshops.Participant", "enrolment"),
    ("checklist.UsedPlatform", "enrolment"),
    ("checklist.StepStatus", "enrolment"),
    ("traces.Submission", "enrolment"),
    ("usages.Proposal", "author"),
    ("usages.Comment", "enrolment"),
    ("usages.Dot", "enrolment"),
    ("plans.Commitment", "enrolment"),
    ("complaints.Complaint", "enrolment"),
    ("outbox.Message", "enrolment"),
}


class CoverageTests(BaseTestCase):
    def test_every_model_pointing_to_a_trainee_or_an_enrolment_has_a_category(self):
        pointing = {
            (model._meta.label, field.name)
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in (Trainee, Enrolment)
        }
        self.assertEqual(
            sorted(pointing - COVERED - NOT_EXPORTED),
            [],
            "a model holds data about a trainee: give it a category in acunum/privacy/personal.py",
        )
        self.assertEqual(sorted(COVERED - pointing), [])


class ExportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.made = world.fill(cls)

    def test_the_export_holds_every_category(self):
        data = export(self.dominique.trainee)
        self.assertEqual(data["format"], FORMAT)
        self.assertEqual(data["trainee"]["email"], "dominique@example.org")
        self.assertEqual(data["trainee"]["phone"], "06 12 34 56 78")
        self.assertIn("Malentendante", data["trainee"]["accessibility_needs"])
        self.assertIsNone(data["erasure"])
        for category in personal.CATEGORIES:
            self.assertTrue(data[category.key], f"{category.key} is empty")
        # Written as JSON as it is: no date, UUID or bytes left to convert.
        self.assertEqual(json.loads(json.dumps(data)), data)

    def test_the_drawings_are_the_strokes_as_stored_and_the_ip_is_there(self):
        data = export(self.dominique.trainee)
        signatures = [e for e in data["attendance_events"] if e["kind"] == "signature"]
        self.assertEqual(len(signatures), 2)
        stored = AttendanceEvent.objects.filter(enrolment=self.dominique, kind="signature")
        self.assertEqual(
            sorted(s["drawing"] for s in signatures),
            sorted(bytes(e.image).decode() for e in stored),
        )
        self.assertIn("strokes", json.loads(signatures[0]["drawing"]))
        self.assertEqual({s["ip"] for s in signatures}, {None, world.IP})
        self.assertEqual(data["attendance_refusals"][0]["ip"], world.IP)
        self.assertEqual(data["enrolments"][0]["cycle"], str(self.cycle.code))

    def test_the_named_answers_and_the_content_are_there(self):
        data = export(self.dominique.trainee)
        questionnaires = {a["questionnaire"] for a in data["questionnaire_answers"]}
        self.assertEqual(questionnaires, {"positionnement", "evaluation-acquis"})
        positioning = next(
            a for a in data["questionnaire_answers"] if a["questionnaire"] == "positionnement"
        )
        self.assertEqual(positioning["answers"]["attentes"], world.POSITIONING_TEXT)
        self.assertEqual(data["assessments"][0]["answers"]["commentaire"], "Très investie.")
        self.assertEqual(len(data["questionnaire_participations"]), 3)
        self.assertEqual(data["usage_comments"][0]["text"], world.COMMENT)
        self.assertEqual(data["commitments"][0]["status_history"][0]["status"], "under_way")
        self.assertEqual(data["checklist_steps"][0]["note"], "Je ne trouve pas le menu")
        self.assertEqual(len(data["messages"]), 4)
        self.assertEqual(data["messages"][0]["attachments"][0]["filename"], "convocation.pdf")

    def test_anonymous_answers_and_contributions_point_to_nobody_and_are_not_exported(self):
        text = json.dumps(export(self.dominique.trainee), ensure_ascii=False)
        self.assertNotIn(HOT_ANSWERS["commentaire"], text)
        activities = {
            p["activity"] for p in export(self.dominique.trainee)["workshop_participations"]
        }
        self.assertEqual(activities, {"Sondage nominatif", "Nuage nominatif", "Sondage anonyme"})
        anonymous = next(
            p
            for p in export(self.dominique.trainee)["workshop_participations"]
            if p["activity"] == "Sondage anonyme"
        )
        self.assertEqual((anonymous["contributions_sent"], anonymous["contributions"]), (1, []))

    def test_another_trainees_export_holds_nothing_of_dominiques(self):
        text = json.dumps(export(self.eden.trainee), ensure_ascii=False)
        for mine in (world.COMMENT, world.IP, "dominique@example.org", "Je ne trouve pas"):
            self.assertNotIn(mine, text)
        self.assertEqual(export(self.farid.trainee)["attendance_events"], [])

    def test_the_counts_match_the_export(self):
        data = export(self.dominique.trainee)
        counts = {c.key: n for c, n in personal.counts(self.dominique.trainee)}
        self.assertEqual(counts, {c.key: len(data[c.key]) for c in personal.CATEGORIES})

    def test_the_file_is_named_after_the_person_and_the_day(self):
        self.assertRegex(
            filename(self.dominique.trainee), r"^donnees-test-dominique-\d{4}-\d{2}-\d{2}\.json$"
        )
