"""The dossier of a cycle: every document in one ZIP, from the cycle page and the command line."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pypdf
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from acunum.accounts.models import Organisation
from acunum.cycles.models import Cycle, Structure
from acunum.documents import dossier
from acunum.documents.sheets import Incomplete
from acunum.test import BaseTestCase, make_trainee
from tests.documents.test_certificate import finish_cycle

ISSUED = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
BASE = "https://acunum.exemple.org"


def fill_in_everything(t: BaseTestCase) -> None:
    """What the quote, the agreement and the convocations need beyond the certificate's data."""
    Organisation.objects.update(payment_terms="À 30 jours, par virement.")
    Structure.objects.filter(pk=t.structure.pk).update(
        address="12 rue des Lilas", postal_code="69003", representative="Nadia Belkacem, directrice"
    )
    Cycle.objects.filter(pk=t.cycle.pk).update(
        price=Decimal("8400"), access="Tram T1, arrêt Part-Dieu.", to_bring="Votre téléphone."
    )
    t.cycle.refresh_from_db()


def names(archive: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(archive)).namelist()


class DossierTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        finish_cycle(cls)
        fill_in_everything(cls)

    def dossier(self) -> bytes:
        return dossier.dossier(self.cycle, base_url=BASE, now=ISSUED)

    def test_the_zip_holds_every_document_of_the_cycle_in_a_folder_named_after_it(self):
        folder = f"dossier-la-passerelle-{self.cycle.code.hex[:8]}/"
        paths = names(self.dossier())
        self.assertTrue(all(p.startswith(folder) for p in paths), paths)
        files = sorted(p.removeprefix(folder) for p in paths)
        trainees = ["01-test-dominique", "02-test-eden"]
        expected = [
            "01-programme.pdf",
            "02-devis.pdf",
            "03-convention.pdf",
            *(f"04-convocations/{t}.pdf" for t in trainees),
            *(
                f"05-emargement/{s.index:02}-{s.date:%Y-%m-%d}-{s.sequence.code}.pdf"
                for s in self.cycle.slots.order_by("index")
            ),
            *(f"06-releves-individuels/{t}.pdf" for t in trainees),
            *(f"07-certificats-realisation/{t}.pdf" for t in trainees),
            *(f"08-attestations-fin-formation/{t}.pdf" for t in trainees),
        ]
        self.assertEqual(files, sorted(expected))
        self.assertEqual(len(files), 3 + 2 + 16 + 2 * 3)

    def test_each_file_is_a_pdf_of_what_its_name_says(self):
        archive = zipfile.ZipFile(io.BytesIO(self.dossier()))
        for path in archive.namelist():
            reader = pypdf.PdfReader(io.BytesIO(archive.read(path)))
            text = " ".join(page.extract_text() for page in reader.pages)
            if "/07-certificats-realisation/" in path:
                self.assertIn("Certificat de réalisation", text)
            if "/03-convention" in path:
                self.assertIn("Nadia Belkacem", text)

    def test_the_same_cycle_issued_at_the_same_moment_gives_the_same_bytes(self):
        self.assertEqual(self.dossier(), self.dossier())

    def test_a_missing_piece_stops_the_whole_dossier_and_each_thing_to_do_is_listed_once(self):
        Structure.objects.filter(pk=self.structure.pk).update(siret="")
        Cycle.objects.filter(pk=self.cycle.pk).update(access="")
        self.cycle.refresh_from_db()
        with self.assertRaises(Incomplete) as caught:
            self.dossier()
        missing = caught.exception.missing
        siret = gettext("the SIRET of the structure %(name)s") % {"name": "La Passerelle"}
        self.assertEqual(missing.count(siret), 1, missing)
        self.assertEqual(len(missing), len(set(missing)))
        access = gettext(
            "how to get there (public transport, parking, step-free entrance), under “Edit the "
            "cycle”"
        )
        self.assertEqual(missing, [siret, access])

    def test_a_trainee_not_yet_assessed_stops_the_dossier_with_what_to_do(self):
        from acunum.evaluation.models import Response

        Response.objects.filter(subject=self.eden).delete()
        with self.assertRaises(Incomplete) as caught:
            self.dossier()
        self.assertEqual(
            caught.exception.missing,
            [
                gettext("the trainer's assessment of %(name)s's learning, under “Evaluations”")
                % {"name": "Eden Test"}
            ],
        )

    def test_once_the_training_is_over_a_trainee_without_a_link_has_no_convocation_in_it(self):
        self.eden.revoke_link()  # as the erasure of Eden's personal data does
        paths = names(self.dossier())
        self.assertFalse(any("04-convocations/02-test-eden" in p for p in paths), paths)
        self.assertTrue(any("04-convocations/01-test-dominique" in p for p in paths), paths)
        self.assertTrue(any("07-certificats-realisation/02-test-eden" in p for p in paths), paths)

    def test_before_the_training_ends_a_missing_link_still_stops_the_dossier(self):
        self.eden.revoke_link()
        before_the_end = datetime.combine(self.cycle.slots.first().date, datetime.min.time(), UTC)
        with self.assertRaises(Incomplete) as caught:
            dossier.dossier(self.cycle, base_url=BASE, now=before_the_end)
        link = gettext(
            "a personal link for %(name)s: the trainer issues it from the “Trainees’ cards” page"
        ) % {"name": "Eden Test"}
        self.assertIn(link, caught.exception.missing)

    def test_the_cycles_reader_downloads_the_zip(self):
        self.login(self.diane)
        r = self.client.get(reverse("documents:dossier", args=[self.cycle.code]))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/zip")
        self.assertIn(".zip", r["Content-Disposition"])
        self.assertEqual(len(names(r.content)), 27)

    def test_a_dossier_that_cannot_be_issued_is_a_page_that_lists_what_to_do(self):
        Organisation.objects.update(payment_terms="")
        self.login(self.bob)
        r = self.client.get(reverse("documents:dossier", args=[self.cycle.code]))
        self.assertEqual(r.status_code, 409)
        self.assertContains(r, escape(gettext("the dossier of this cycle")), status_code=409)

    def test_another_structures_contact_cannot_download_it(self):
        self.login(self.eve)
        r = self.client.get(reverse("documents:dossier", args=[self.cycle.code]))
        self.assertEqual(r.status_code, 404)

    def test_the_command_writes_the_zip_from_the_start_of_the_cycles_code(self):
        output = self.enterContext(tempfile.TemporaryDirectory())
        path = f"{output}/dossier.zip"
        out = io.StringIO()
        call_command("dossier", self.cycle.code.hex[:8], "--output", path, stdout=out)
        with open(path, "rb") as f:
            self.assertEqual(len(names(f.read())), 27)
        self.assertIn(path, out.getvalue())

    def test_the_command_takes_the_code_with_its_hyphens_too(self):
        output = self.enterContext(tempfile.TemporaryDirectory())
        call_command("dossier", str(self.cycle.code), "-o", f"{output}/d.zip", stdout=io.StringIO())

    def test_the_command_names_an_unknown_cycle(self):
        with self.assertRaisesMessage(CommandError, "0000dead"):
            call_command("dossier", "0000dead", stdout=io.StringIO())

    def test_the_command_lists_what_to_fill_in_and_writes_nothing(self):
        Organisation.objects.update(payment_terms="")
        output = self.enterContext(tempfile.TemporaryDirectory())
        path = Path(output) / "d.zip"
        with self.assertRaises(CommandError) as caught:
            call_command("dossier", self.cycle.code.hex, "-o", str(path), stdout=io.StringIO())
        self.assertIn("  - ", str(caught.exception))
        self.assertFalse(path.exists())


class CyclePageDocumentsTests(BaseTestCase):
    def test_during_the_training_the_page_links_the_convocations_not_the_certificates(self):
        self.login(self.bob)
        r = self.client.get(self.cycle.get_absolute_url())
        seat = self.dominique.seat
        self.assertContains(r, reverse("documents:convocation", args=[self.cycle.code, seat]))
        self.assertContains(r, reverse("documents:dossier", args=[self.cycle.code]))
        for name in ("completion-certificate", "attestation", "attendance-record"):
            self.assertNotContains(r, reverse(f"documents:{name}", args=[self.cycle.code, seat]))

    def test_once_every_half_day_is_closed_the_page_links_each_trainees_end_documents(self):
        finish_cycle(self)
        make_trainee(self.cycle, "Gaël")  # joined late: a row of their own all the same
        self.login(self.bob)
        r = self.client.get(self.cycle.get_absolute_url())
        for enrolment in self.cycle.enrolments.all():
            for name in ("completion-certificate", "attestation", "attendance-record"):
                url = reverse(f"documents:{name}", args=[self.cycle.code, enrolment.seat])
                self.assertContains(r, url)
