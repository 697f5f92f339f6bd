"""The training attestation of a trainee (article L6353-1): objectives, nature, dates, the hours
the ledger gives, and the trainer's assessment of what they learnt, without which it is refused."""

from __future__ import annotations

import io

import pypdf
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from acunum.accounts.models import Organisation
from acunum.attendance.hours import cycle_assiduity
from acunum.documents import attestation, certificates, french, sheets
from acunum.documents.facts import CycleFacts
from acunum.evaluation.models import Response
from acunum.test import BaseTestCase, make_trainee
from tests.documents.test_certificate import (
    ASSESSMENT,
    ISSUED,
    REPRESENTATIVE,
    finish_cycle,
    one_line,
)

LONGEST = "Marie-Éléonore D’Arc-de-la-Fontaine-Saint-Hilaire-Montmorency-Villeneuve 🌻"


def not_assessed(name: str = "Dominique Test") -> str:
    return gettext("the trainer's assessment of %(name)s's learning, under “Evaluations”") % {
        "name": name
    }


def checked_assessment() -> dict:
    from acunum.evaluation.models import QuestionnaireVersion
    from tests.evaluation.test_answering import checked

    version = QuestionnaireVersion.objects.current_of("evaluation-acquis-formateur")
    return checked(version, ASSESSMENT)


def attestation_kwargs(t: BaseTestCase) -> dict:
    """For tests/test_access.py: Dominique's attestation, of a finished cycle."""
    finish_cycle(t)
    return {"code": t.cycle.code, "seat": t.dominique.seat}


class AttestationTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        finish_cycle(cls)

    def attestation(self, enrolment=None, **kwargs) -> bytes:
        return attestation.attestation(enrolment or self.dominique, now=ISSUED, **kwargs)

    def test_the_attestation_names_the_of_the_trainee_the_structure_and_the_action(self):
        text = one_line(self.attestation())
        for expected in (
            "Organisme Test",
            "SIRET 11122233300044",
            "11223344556",
            "Attestation de fin de formation",
            "(article L6353-1 du Code du travail)",
            f"Je soussigné(e) {REPRESENTATIVE}, représentant légal de l’organisme de formation "
            "Organisme Test, atteste que :",
            "TEST Dominique, salarié(e) de la structure La Passerelle, a suivi l’action ACUNUM — "
            "cycle d’Accompagnement aux Cultures et Usages NUMériques.",
            "Fait à Lyon, le 3 mars 2026",
            "Cachet et signature du responsable de l’organisme de formation",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Eden", text)

    def test_the_nature_is_an_action_de_formation_of_article_l6313_1(self):
        text = one_line(self.attestation())
        self.assertIn(
            "Nature de l’action action de formation (article L6313-1, 1° du Code du travail)", text
        )

    def test_the_attestation_lists_every_objective_of_the_programme_version(self):
        text = one_line(self.attestation())
        objectives = self.cycle.programme_version.data["objectives"]
        self.assertEqual(len(objectives), 3)
        self.assertIn("Objectifs de la formation et résultats de l’évaluation des acquis", text)
        for objective in objectives:
            # Once each, in the table of results, without the list's closing semicolon.
            self.assertEqual(text.count(" ".join(objective.removesuffix(";").split())), 1)

    def test_the_dates_are_the_first_and_last_half_days(self):
        slots = list(self.cycle.slots.order_by("date", "start"))
        first = french.french_date(slots[0].date)
        last = french.french_date(slots[-1].date)
        self.assertIn(f"Dates du {first} au {last}", one_line(self.attestation()))
        self.assertIn("du 5 janvier 2026 au", one_line(self.attestation()))

    def test_the_hours_realised_are_the_ledgers_with_the_absence_and_the_late_arrival(self):
        slots = list(self.cycle.slots.all())
        assiduity = cycle_assiduity(self.cycle, slots, [self.dominique])
        minutes = assiduity.trainees[0].minutes
        self.assertEqual(minutes, 56 * 60 - self.cycle.slots.get(index=3).minutes - 25)
        self.assertIn(
            f"Durée réalisée {french.french_duration(minutes)}, sur une durée prévue de 56 heures",
            one_line(self.attestation()),
        )
        self.assertIn("Durée réalisée 52 heures 5 minutes,", one_line(self.attestation()))

    def test_a_trainee_present_throughout_realised_the_56_hours(self):
        text = one_line(self.attestation(self.eden))
        self.assertIn("Durée réalisée 56 heures, sur une durée prévue de 56 heures", text)

    def test_the_trainers_assessment_is_printed_objective_by_objective(self):
        text = one_line(self.attestation())
        objectives = self.cycle.programme_version.data["objectives"]
        # ASSESSMENT: acquired, in progress, acquired; each objective in the programme's words.
        for objective, level in zip(
            objectives, ["Acquis", "En cours d’acquisition", "Acquis"], strict=True
        ):
            row = " ".join(objective.removesuffix(";").split()) + " " + level
            self.assertIn(row, text)
        self.assertNotIn("Appréciation", text)

    def test_the_trainers_comment_is_printed_below_the_results(self):
        Response.objects.filter(subject=self.eden).update(
            answers={**checked_assessment(), "commentaire": "Très investie dans les ateliers."}
        )
        text = one_line(self.attestation(self.eden))
        self.assertIn(
            "Appréciation du formateur ou de la formatrice : Très investie dans les ateliers.",
            text,
        )

    def test_a_trainee_not_yet_assessed_is_refused_with_what_to_do(self):
        Response.objects.filter(subject=self.dominique).delete()
        with self.assertRaises(sheets.Incomplete) as refused:
            self.attestation()
        self.assertEqual(refused.exception.missing, [not_assessed()])
        self.attestation(self.eden)  # the others' are issued

    def test_the_assessment_is_read_once_for_the_whole_cycle(self):
        facts = CycleFacts.load(self.cycle)
        self.attestation(facts=facts)
        with self.assertNumQueries(0):
            self.assertEqual(sorted(facts.assessments), sorted([self.dominique.pk, self.eden.pk]))

    def test_an_assessment_given_prints_each_objectives_result(self):
        objectives = self.cycle.programme_version.data["objectives"]
        results = ["Acquis", "En cours d’acquisition", "Acquis"]
        assessment = [
            {"objective": o, "result": r} for o, r in zip(objectives, results, strict=True)
        ]
        text = one_line(self.attestation(assessment=assessment))
        self.assertIn("Objectif Résultat", text)
        self.assertIn("En cours d’acquisition", text)
        self.assertEqual(text.count("Acquis"), 2)

    def test_a_volunteer_is_the_structures_volunteer(self):
        from acunum.cycles.models import Trainee

        Trainee.objects.filter(pk=self.eden.trainee_id).update(status=Trainee.Status.VOLUNTEER)
        self.eden.trainee.refresh_from_db()
        text = one_line(self.attestation(self.eden))
        self.assertIn("TEST Eden, bénévole de la structure La Passerelle", text)
        self.assertNotIn("salarié", text)

    def test_the_same_trainee_issued_at_the_same_moment_gives_the_same_bytes(self):
        self.assertEqual(self.attestation(), self.attestation())

    def test_a_long_name_with_accents_apostrophes_and_emoji_keeps_one_a4_page(self):
        first, last = LONGEST.split(" ", 1)
        longest = make_trainee(self.cycle, first, last_name=last, email="long@exemple.org")
        objectives = self.cycle.programme_version.data["objectives"]
        assessment = [{"objective": o, "result": "Acquis"} for o in objectives]
        pdf = self.attestation(longest, assessment=assessment)
        pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
        self.assertEqual(len(pages), 1)
        self.assertEqual([round(float(v)) for v in pages[0].mediabox[2:]], [595, 842])
        text = "".join(one_line(pdf).split())
        self.assertIn("D’ARC-DE-LA-FONTAINE-SAINT-HILAIRE-MONTMORENCY-VILLENEUVE🌻Marie", text)


class RefusedAttestationTests(BaseTestCase):
    """The certificate's conditions (certificates.completion_missing), the same list."""

    def refusal(self) -> list[str]:
        with self.assertRaises(sheets.Incomplete) as refused:
            attestation.attestation(self.dominique)
        return refused.exception.missing

    def test_a_training_not_over_is_refused_with_how_many_half_days_are_still_open(self):
        finish_cycle(self, open_slots=2)
        expected = ngettext(
            "every half-day closed on its attendance board: %(n)s is not closed yet",
            "every half-day closed on its attendance board: %(n)s are not closed yet",
            2,
        ) % {"n": 2}
        self.assertEqual(self.refusal(), [expected])

    def test_every_missing_item_is_listed_at_once_as_for_the_certificate(self):
        Organisation.objects.update(nda="", legal_representative="")
        self.structure.siret = ""
        self.structure.save()
        self.assertEqual(
            self.refusal(),
            [
                gettext("the training organisation's declaration number (NDA)"),
                gettext("the training organisation's legal representative"),
                gettext("the SIRET of the structure %(name)s") % {"name": "La Passerelle"},
                ngettext(
                    "every half-day closed on its attendance board: %(n)s is not closed yet",
                    "every half-day closed on its attendance board: %(n)s are not closed yet",
                    16,
                )
                % {"n": 16},
                not_assessed(),
            ],
        )
        with self.assertRaises(sheets.Incomplete) as certificate:
            certificates.completion_certificate(self.dominique)
        # The attestation needs the trainer's assessment too.
        self.assertEqual(certificate.exception.missing + [not_assessed()], self.refusal())

    def test_a_cycle_without_a_schedule_is_refused(self):
        Organisation.objects.update(legal_representative=REPRESENTATIVE)
        self.cycle.slots.all().delete()
        self.assertEqual(self.refusal(), [gettext("the cycle's schedule"), not_assessed()])


class AttestationViewTests(BaseTestCase):
    def url(self, seat=None) -> str:
        seat = self.dominique.seat if seat is None else seat
        return reverse("documents:attestation", args=[self.cycle.code, seat])

    def test_the_url_is_the_trainees_attestation_pdf(self):
        self.assertEqual(self.url(), f"/cycles/{self.cycle.code}/stagiaires/1/attestation.pdf")

    def test_the_structures_contact_opens_the_attestation_as_a_pdf(self):
        finish_cycle(self)
        self.login(self.diane)
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        disposition = 'inline; filename="attestation-fin-formation-test-dominique.pdf"'
        self.assertEqual(r["Content-Disposition"], disposition)
        self.assertIn("Durée réalisée 52 heures 5 minutes,", one_line(r.content))

    def test_a_training_not_over_is_a_page_that_says_how_many_half_days_to_close(self):
        finish_cycle(self, open_slots=1)
        self.login(self.bob)
        r = self.client.get(self.url())
        expected = ngettext(
            "every half-day closed on its attendance board: %(n)s is not closed yet",
            "every half-day closed on its attendance board: %(n)s are not closed yet",
            1,
        ) % {"n": 1}
        self.assertContains(r, escape(expected), status_code=409)

    def test_a_seat_nobody_holds_is_not_found(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url(seat=14)).status_code, 404)

    def test_another_structures_contact_cannot_read_it(self):
        finish_cycle(self)
        self.login(self.eve)
        self.assertEqual(self.client.get(self.url()).status_code, 404)


class LongestAttestationTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        first, last = LONGEST.split(" ", 1)
        cls.longest = make_trainee(cls.cycle, first, last_name=last, email="long@exemple.org")
        comment = ("Très investie, fait le lien avec sa pratique auprès des jeunes. " * 10)[:600]
        finish_cycle(cls)
        Response.objects.filter(subject=cls.longest).update(
            answers={**checked_assessment(), "commentaire": comment}
        )

    def test_the_longest_comment_the_trainer_may_write_keeps_one_a4_page(self):
        pdf = attestation.attestation(self.longest, now=ISSUED)
        self.assertEqual(len(pypdf.PdfReader(io.BytesIO(pdf)).pages), 1)
        self.assertIn("Appréciation du formateur", one_line(pdf))
