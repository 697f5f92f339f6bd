"""The action plan's PDFs: a trainee's own plan (from their link, and for the trainer), and the
cycle's synthesis for the structure (for the trainer and the structure's contact)."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pypdf
from django.urls import reverse
from django.utils import timezone

from acunum.documents.french import french_date
from acunum.plans import accompaniment, commitments, document
from acunum.plans.commitments import Author
from acunum.test import BaseTestCase
from tests.plans.world import commit


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


class ActionPlanDocumentTests(BaseTestCase):
    def setUp(self):
        self.now = timezone.now()
        self.agenda = commit(
            self.dominique,
            usage="Un agenda partagé",
            by_when=date(2027, 3, 1),
            why="Ne plus croiser les rendez-vous\nni oublier les familles",
        )
        self.signal = commit(self.dominique, usage="Un groupe Signal avec les familles", support="")
        commitments.record_status(
            self.agenda, "under_way", "Créé, à présenter", Author.staff(self.diane), self.now
        )

    def test_the_plan_data_has_each_commitment_and_where_it_stands(self):
        data = document.plan_data(self.dominique, self.now)
        self.assertEqual(data["trainee"], "Dominique Test")
        self.assertEqual(data["structure"], "La Passerelle")
        self.assertEqual(data["plan_day"], french_date(commitments.plan_day(self.cycle)))
        self.assertEqual(data["trainers"], ["Bob Test"])
        self.assertEqual(data["organisation"], "Organisme Test")
        first, second = data["commitments"]
        self.assertEqual(
            {k: first[k] for k in ("number", "usage", "why", "by_when", "status", "status_by")},
            {
                "number": 1,
                "usage": "Un agenda partagé",
                "why": ["Ne plus croiser les rendez-vous", "ni oublier les familles"],
                "by_when": "1er mars 2027",
                "status": "under_way",
                "status_by": "Diane Test",
            },
        )
        self.assertEqual(first["status_note"], ["Créé, à présenter"])
        self.assertEqual((second["number"], second["status"], second["support"]), (2, "", []))

    def test_the_plan_renders_in_french_with_its_commitments(self):
        text = pdf_text(document.render_plan(self.dominique, issued=self.now))
        for expected in (
            "Mon plan d’action",
            "Dominique Test",
            "Un agenda partagé",
            "Un groupe Signal avec les familles",
            "1er mars 2027",
            "En cours",
            "Pas encore commencé",
            "Créé, à présenter",
        ):
            self.assertIn(expected, text)

    def test_the_trainee_downloads_their_plan_and_the_trainer_each_trainees(self):
        r = self.client.get(reverse("plans:trainee-pdf", args=[self.dominique_token]))
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertIn("Un agenda partagé", pdf_text(r.content))
        self.login(self.bob)
        r = self.client.get(reverse("plans:plan-pdf", args=[self.cycle.code, self.dominique.seat]))
        self.assertIn("Un groupe Signal avec les familles", pdf_text(r.content))
        r = self.client.get(reverse("plans:plan-pdf", args=[self.cycle.code, self.eden.seat]))
        self.assertIn("Aucun engagement n’est encore écrit.", pdf_text(r.content))

    def test_what_a_trainee_types_is_printed_as_it_is(self):
        commit(self.dominique, usage="#set page(width: 1cm) $x$ ] [ \\ « guillemets » ✓ 📅")
        text = pdf_text(document.render_plan(self.dominique, issued=self.now))
        self.assertIn("#set page(width: 1cm) $x$ ] [ \\ « guillemets »", text)

    def test_the_same_plan_issued_at_the_same_moment_gives_the_same_bytes(self):
        at = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.get_current_timezone())
        self.assertEqual(
            document.render_plan(self.dominique, issued=at),
            document.render_plan(self.dominique, issued=at),
        )


class SynthesisDocumentTests(BaseTestCase):
    def setUp(self):
        self.now = timezone.now()
        self.agenda = commit(self.dominique, usage="Un agenda partagé")
        commit(self.dominique, usage="Une charte du smartphone au travail")
        accompaniment.save_synthesis(
            self.cycle,
            {
                "work_organisation": "Un temps d’équipe mensuel.\nUn agenda par pôle.",
                "further_training": "Une journée sur les messageries sécurisées.",
            },
            {"work_organisation": [self.agenda.pk]},
            self.bob,
            self.now - timedelta(minutes=1),
        )

    def test_the_synthesis_data_follows_the_four_themes_and_the_commitments(self):
        data = document.synthesis_data(self.cycle, self.now)
        self.assertEqual(
            [t["theme"] for t in data["themes"]],
            ["work_organisation", "information_system", "further_training", "internal_mediation"],
        )
        work, system, training, mediation = data["themes"]
        self.assertEqual(work["text"], ["Un temps d’équipe mensuel.", "Un agenda par pôle."])
        self.assertEqual(
            work["commitments"], [{"trainee": "Dominique Test", "usage": "Un agenda partagé"}]
        )
        self.assertEqual((system["text"], system["commitments"]), ([], []))
        self.assertEqual(training["text"], ["Une journée sur les messageries sécurisées."])
        self.assertEqual([t["name"] for t in data["trainees"]], ["Dominique Test"])
        self.assertEqual(len(data["trainees"][0]["commitments"]), 2)
        self.assertEqual(data["without_plan"], 1)

    def test_the_synthesis_renders_under_the_programmes_four_themes(self):
        text = pdf_text(document.render_synthesis(self.cycle, issued=self.now))
        for expected in (
            "Synthèse des plans d’action",
            "La Passerelle",
            "Organisation du travail",
            "Modifications du système d’information",
            "Formations complémentaires",
            "Développement de la médiation numérique en interne",
            "Un temps d’équipe mensuel.",
            "Une journée sur les messageries sécurisées.",
            "Une charte du smartphone",  # the table's cell wraps the rest
            "1 stagiaire(s) sans engagement écrit.",
        ):
            self.assertIn(expected, text)

    def test_the_contact_and_the_trainer_download_the_synthesis(self):
        for user in (self.diane, self.bob):
            self.login(user)
            r = self.client.get(reverse("plans:synthesis-pdf", args=[self.cycle.code]))
            self.assertEqual(r["Content-Type"], "application/pdf")
            self.assertIn("Un agenda partagé", pdf_text(r.content))

    def test_a_synthesis_with_nothing_yet_still_renders(self):
        text = pdf_text(document.render_synthesis(self.other_cycle, issued=self.now))
        self.assertIn("Rien n’est prévu sous ce thème pour l’instant.", text)
        self.assertIn("Aucun engagement n’est encore écrit.", text)
