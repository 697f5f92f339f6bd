"""The paper fallback: the printable sheet, its signed scan (kept, chained, checked) and the
presences entered from it."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from unittest.mock import patch

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from acunum.attendance import drawing, paper
from acunum.attendance.hours import cycle_assiduity
from acunum.attendance.models import AttendanceEvent, PaperSheet, append
from acunum.test import BaseTestCase
from tests.attendance.test_core import drawn_signature


def scan_png(text: str = "Feuille signee") -> bytes:
    image = Image.new("L", (420, 594), 255)
    pen = ImageDraw.Draw(image)
    pen.text((20, 20), text, fill=0)
    for row in range(14):
        pen.line([(20, 80 + 30 * row), (400, 80 + 30 * row)], fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class PaperTests(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)
        self.url = reverse("attendance:paper", args=[self.cycle.code, 1])
        self.entries_url = reverse("attendance:paper-entries", args=[self.cycle.code, 1])
        self.login(self.bob)

    def upload(self, data: bytes, name: str = "scan.png", content_type: str = "image/png"):
        return self.client.post(self.url, {"scan": SimpleUploadedFile(name, data, content_type)})

    def enter(self, *enrolments):
        sheet = self.slot.paper_sheets.last()
        return self.client.post(
            self.entries_url,
            {"sheet": sheet.pk if sheet else "", "seats": [e.seat for e in enrolments]},
        )

    def test_the_sheet_names_the_of_the_training_the_half_day_the_trainer_and_each_trainee(self):
        r = self.client.get(self.url)
        self.assertContains(r, "Organisme Test")
        self.assertContains(r, "11223344556")  # NDA
        self.assertContains(r, self.version.programme.title)
        self.assertContains(r, "lundi 5 janvier 2026")
        self.assertContains(r, "09:00–12:30")
        self.assertContains(r, "Salle 1")
        self.assertContains(r, "Bob Test")
        self.assertContains(r, "TEST Dominique")
        self.assertContains(r, "TEST Eden")
        self.assertContains(r, 'class="paper-sign-box"', count=14)  # 2 trainees, 12 blank rows
        self.assertContains(r, 'class="paper-trainer-box"')
        self.assertNotContains(r, "Farid")

    def test_an_uploaded_scan_is_kept_with_its_digest_and_chained(self):
        data = scan_png()
        r = self.upload(data)
        self.assertRedirects(r, self.url)
        sheet = PaperSheet.objects.get()
        digest = hashlib.sha256(data).hexdigest()
        self.assertEqual(sheet.sha256, digest)
        with sheet.file.open("rb") as f:
            self.assertEqual(f.read(), data)
        self.assertEqual(sheet.event.kind, "paper_sheet")
        self.assertEqual(sheet.event.data["sha256"], digest)
        self.assertEqual(sheet.uploaded_by, self.bob)
        call_command("verify_ledger", verbosity=0)

    def test_the_same_scan_uploaded_twice_is_kept_once(self):
        data = scan_png()
        self.upload(data)
        self.upload(data)
        self.assertEqual(PaperSheet.objects.count(), 1)
        self.assertEqual(AttendanceEvent.objects.filter(kind="paper_sheet").count(), 1)

    def test_a_file_that_is_neither_a_pdf_nor_a_photo_is_refused(self):
        r = self.upload(b"MZ\x90\x00 not a scan", name="scan.exe", content_type="image/png")
        self.assertContains(r, "Ce fichier n’est ni un PDF")
        self.assertFalse(PaperSheet.objects.exists())
        self.assertFalse(AttendanceEvent.objects.exists())

    def test_a_truncated_photo_is_refused(self):
        r = self.upload(scan_png()[:200])
        self.assertContains(r, "Ce fichier n’est ni un PDF")
        self.assertFalse(PaperSheet.objects.exists())

    def test_a_pdf_is_accepted(self):
        self.upload(b"%PDF-1.4\n% a scanner's PDF\n%%EOF\n", "scan.pdf", "application/pdf")
        self.assertEqual(PaperSheet.objects.get().content_type, "application/pdf")

    def test_an_oversized_scan_is_refused(self):
        with patch.object(paper, "MAX_BYTES", 1000):
            r = self.upload(scan_png() + bytes(2000))
        self.assertContains(r, "10 Mo au plus")
        self.assertFalse(PaperSheet.objects.exists())

    def test_a_sheet_cannot_be_uploaded_before_its_half_day_starts(self):
        self.slot.date = timezone.localdate() + timedelta(days=3)
        self.slot.save()
        r = self.upload(scan_png())
        self.assertContains(r, "pas encore commencé")
        self.assertFalse(PaperSheet.objects.exists())

    def test_presences_cannot_be_entered_before_a_scan_is_uploaded(self):
        r = self.enter(self.dominique)
        self.assertRedirects(r, self.url, fetch_redirect_response=False)
        self.assertFalse(AttendanceEvent.objects.filter(kind="paper").exists())

    def test_ticked_trainees_are_recorded_present_from_paper_with_the_scans_digest(self):
        self.upload(scan_png())
        sheet = PaperSheet.objects.get()
        r = self.enter(self.dominique, self.eden)
        self.assertRedirects(r, self.url)
        events = AttendanceEvent.objects.filter(kind="paper")
        self.assertEqual({e.enrolment_id for e in events}, {self.dominique.pk, self.eden.pk})
        self.assertEqual({e.method for e in events}, {"paper"})
        self.assertEqual({e.data["sheet"] for e in events}, {sheet.sha256})
        assiduity = cycle_assiduity(
            self.cycle, list(self.cycle.slots.all()), list(self.cycle.enrolments.all())
        )
        self.assertEqual([t.by_slot[1] for t in assiduity.trainees], [210, 210])
        call_command("verify_ledger", verbosity=0)

    def test_a_trainee_who_already_signed_is_refused_and_nothing_is_recorded(self):
        # Signed on a phone while the half-day took place (it is past: its sheet can be entered).
        append(
            AttendanceEvent.Kind.SIGNATURE,
            self.slot,
            enrolment=self.eden,
            method=AttendanceEvent.Method.PHONE,
            image=drawing.check(drawn_signature()),
        )
        self.upload(scan_png())
        r = self.enter(self.dominique, self.eden)
        self.assertContains(r, "Déjà présent")
        self.assertContains(r, "Eden Test")
        self.assertFalse(AttendanceEvent.objects.filter(kind="paper").exists())

    def test_a_trainee_entered_once_cannot_be_entered_again(self):
        self.upload(scan_png())
        self.enter(self.dominique)
        r = self.enter(self.dominique)
        self.assertContains(r, "Déjà présent")
        self.assertEqual(AttendanceEvent.objects.filter(kind="paper").count(), 1)

    def test_ticking_nobody_records_nothing(self):
        self.upload(scan_png())
        r = self.enter()
        self.assertContains(r, "Cochez les stagiaires")
        self.assertFalse(AttendanceEvent.objects.filter(kind="paper").exists())

    def test_the_scan_can_be_downloaded_by_those_who_run_the_cycle(self):
        data = scan_png()
        self.upload(data)
        sheet = PaperSheet.objects.get()
        r = self.client.get(reverse("attendance:paper-scan", args=[self.cycle.code, 1, sheet.pk]))
        self.assertEqual(b"".join(r.streaming_content), data)
        self.assertEqual(r["Content-Type"], "image/png")

    def test_a_scan_altered_on_disk_is_named_by_verify_ledger(self):
        self.upload(scan_png())
        sheet = PaperSheet.objects.get()
        with open(sheet.file.path, "wb") as f:
            f.write(scan_png("Feuille refaite"))
        with self.assertRaisesMessage(CommandError, f"record {sheet.event.seq}: its paper sheet"):
            call_command("verify_ledger", verbosity=0)

    def test_a_scan_removed_from_disk_is_named_by_verify_ledger(self):
        self.upload(scan_png())
        sheet = PaperSheet.objects.get()
        sheet.file.delete(save=False)
        with self.assertRaisesMessage(CommandError, f"record {sheet.event.seq}: its paper sheet"):
            call_command("verify_ledger", verbosity=0)

    def test_the_structures_contact_cannot_upload(self):
        self.client.logout()
        self.login(self.diane)
        r = self.upload(scan_png())
        self.assertEqual(r.status_code, 403)
        self.assertFalse(PaperSheet.objects.exists())
