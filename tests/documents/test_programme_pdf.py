"""The programme as a PDF: the public page's content, dated, versioned, with the OF's identity."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.urls import resolve, reverse
from django.utils.html import escape
from django.utils.translation import gettext

from acunum.accounts.models import Organisation, Referent
from acunum.documents import sheets, views
from acunum.documents.programme import programme_pdf
from acunum.programmes.loader import DEFAULT_PROGRAMME, load_programme
from acunum.test import BaseTestCase
from tests.documents.test_attendance_sheet import text_of

ISSUED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Keys of the programme file that are identifiers, not text for readers.
NOT_TEXT = {"slug", "code", "group", "kind", "updated"}


def flat(text: str) -> str:
    """Lines wrap in the PDF: compare texts with their whitespace collapsed."""
    return " ".join(text.split())


def texts(value) -> list[str]:
    """Every text of a programme file's content, at any depth."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for item in value for t in texts(item)]
    if isinstance(value, dict):
        return [t for key, item in value.items() if key not in NOT_TEXT for t in texts(item)]
    return []


class ProgrammePdfTestCase(BaseTestCase):
    def pdf_text(self, version=None) -> str:
        return flat(text_of(programme_pdf(version or self.version, now=ISSUED)))

    def assertPrints(self, text: str, *expected: str) -> None:
        for item in expected:
            self.assertIn(flat(item), text)


class ContentTests(ProgrammePdfTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Referent.objects.create(
            organisation=cls.organisation,
            role=Referent.Role.PEDAGOGICAL,
            name="Paule Pédagogue",
            email="pedagogie@example.org",
            phone="04 00 00 00 01",
        )

    def test_it_prints_the_title_the_objectives_and_the_duration(self):
        text = self.pdf_text()
        data = self.version.data
        self.assertPrints(text, "ACUNUM", data["long_title"], *data["objectives"])
        self.assertPrints(text, "56 heures", "14 stagiaires maximum.")

    def test_it_prints_each_sequence_with_its_code_title_and_duration(self):
        text = self.pdf_text()
        sequences = list(self.version.sequences.all())
        self.assertEqual(len(sequences), 12)
        for seq in sequences:
            self.assertPrints(text, f"{seq.code} · {seq.title}")
        self.assertPrints(text, "J1 · Et vous, c’est quoi votre numérique ? (7 h)")
        self.assertPrints(text, "DJ3 · Usages demandés par les stagiaires (1/5) (3 h 30)")

    def test_it_prints_the_delivery_evaluation_access_price_and_accessibility(self):
        text = self.pdf_text()
        delivery = self.version.data["delivery"]
        self.assertPrints(text, *delivery["methods"], *delivery["evaluation"])
        for key in ("access", "delay", "price", "accessibility"):
            self.assertPrints(text, delivery[key])
        self.assertPrints(text, "Tarif : Sur devis")

    def test_it_prints_every_text_of_the_programme_as_the_public_page_does(self):
        text = self.pdf_text()
        every = texts(self.version.data)
        self.assertGreater(len(every), 60)
        self.assertPrints(text, *every)

    def test_it_prints_the_referents_and_their_contacts(self):
        text = self.pdf_text()
        self.assertPrints(
            text,
            "Encadrement pédagogique : Paule Pédagogue.",
            "Paule Pédagogue, pedagogie@example.org, 04 00 00 00 01",
            "Référent·e handicap : Rita Référente, handicap@example.org",
        )

    def test_it_prints_the_of_with_its_siret_nda_and_qualiopi_certificate(self):
        text = self.pdf_text()
        self.assertPrints(
            text,
            "Organisme Test",
            "1 rue Test, 69001 Lyon",
            "of@example.org",
            "SIRET 11122233300044",
            "11223344556",
            "ne vaut pas agrément de l’État",
            "Certificat Qualiopi n° Q-1",
        )

    def test_it_prints_the_version_and_the_date_of_last_update(self):
        text = self.pdf_text()
        self.assertPrints(text, "Programme mis à jour le 28 novembre 2026 (version 1).")

    def test_the_same_version_issued_at_the_same_moment_gives_the_same_bytes(self):
        self.assertEqual(
            programme_pdf(self.version, now=ISSUED), programme_pdf(self.version, now=ISSUED)
        )


class RefusedTests(BaseTestCase):
    def test_an_organisation_without_siret_is_refused_with_what_to_fill_in(self):
        Organisation.objects.update(siret="")
        with self.assertRaises(sheets.Incomplete) as refused:
            programme_pdf(self.version)
        self.assertEqual(refused.exception.missing, [gettext("the training organisation's SIRET")])

    def test_an_organisation_without_siret_or_nda_is_refused_with_both(self):
        Organisation.objects.update(siret="", nda="")
        with self.assertRaises(sheets.Incomplete) as refused:
            programme_pdf(self.version)
        self.assertEqual(
            refused.exception.missing,
            [
                gettext("the training organisation's SIRET"),
                gettext("the training organisation's declaration number (NDA)"),
            ],
        )

    def test_no_organisation_at_all_is_refused(self):
        Organisation.objects.all().delete()
        with self.assertRaises(sheets.Incomplete) as refused:
            programme_pdf(self.version)
        self.assertEqual(len(refused.exception.missing), 1)


class ViewTests(BaseTestCase):
    def test_the_public_url_is_the_documents_view_not_the_programme_page(self):
        self.assertEqual(
            reverse("documents:programme-pdf", args=["acunum"]), "/programmes/acunum.pdf"
        )
        self.assertIs(resolve("/programmes/acunum.pdf").func, views.programme)
        self.assertEqual(
            reverse("documents:programme-version-pdf", args=["acunum", 1]),
            "/programmes/acunum/version-1.pdf",
        )
        self.assertIs(resolve("/programmes/acunum/version-1.pdf").func, views.programme)

    def test_the_pdf_opens_without_a_login(self):
        r = self.client.get("/programmes/acunum.pdf")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF-"))
        self.assertIn('filename="programme-acunum-version-1.pdf"', r["Content-Disposition"])
        self.assertIn("(version 1)", flat(text_of(r.content)))

    def test_the_public_page_links_to_the_pdf(self):
        r = self.client.get(reverse("programmes:public", args=["acunum"]))
        self.assertContains(r, 'href="/programmes/acunum.pdf"')

    def test_an_unknown_programme_or_version_is_not_found(self):
        for url in (
            reverse("documents:programme-pdf", args=["inconnu"]),
            reverse("documents:programme-version-pdf", args=["acunum", 2]),
            reverse("documents:programme-version-pdf", args=["acunum", 0]),
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_it_refuses_to_be_posted_to(self):
        r = self.client.post(reverse("documents:programme-pdf", args=["acunum"]))
        self.assertEqual(r.status_code, 405)

    def test_an_organisation_without_siret_gives_a_page_listing_what_to_fill_in(self):
        Organisation.objects.update(siret="")
        r = self.client.get(reverse("documents:programme-pdf", args=["acunum"]))
        self.assertEqual(r.status_code, 409)
        self.assertContains(
            r, escape(gettext("the training organisation's SIRET")), status_code=409
        )


class VersionTests(BaseTestCase):
    def setUp(self):
        directory = Path(tempfile.mkdtemp(prefix="acunum-programme-pdf-"))
        self.addCleanup(shutil.rmtree, directory)
        self.old = self.version.data["objectives"][0]
        path = directory / "acunum.toml"
        path.write_text(
            DEFAULT_PROGRAMME.read_text(encoding="utf-8").replace(self.old, "Un objectif révisé ;"),
            encoding="utf-8",
        )
        self.new, created = load_programme(path)
        self.assertTrue(created)
        self.assertEqual(self.new.number, 2)

    def get_text(self, url: str) -> str:
        r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        return flat(text_of(r.content))

    def test_the_programme_pdf_is_the_current_version(self):
        text = self.get_text(reverse("documents:programme-pdf", args=["acunum"]))
        self.assertIn("Un objectif révisé ;", text)
        self.assertNotIn(flat(self.old), text)
        self.assertIn("(version 2)", text)

    def test_an_old_versions_url_gives_that_version(self):
        text = self.get_text(reverse("documents:programme-version-pdf", args=["acunum", 1]))
        self.assertIn(flat(self.old), text)
        self.assertNotIn("Un objectif révisé", text)
        self.assertIn("(version 1)", text)

    def test_an_old_versions_page_links_to_that_versions_pdf(self):
        r = self.client.get(reverse("programmes:public-version", args=["acunum", 1]))
        self.assertContains(r, 'href="/programmes/acunum/version-1.pdf"')
        r = self.client.get(reverse("programmes:public", args=["acunum"]))
        self.assertContains(r, 'href="/programmes/acunum.pdf"')
