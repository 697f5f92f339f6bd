"""The attendance sheet of a half-day: what a funder and a controller read on it."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pypdf
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from acunum.accounts.models import Organisation
from acunum.attendance import paper, signing
from acunum.attendance.models import LedgerHead
from acunum.documents import sheets
from acunum.documents.facts import CycleFacts
from acunum.test import BaseTestCase, make_trainee, open_today
from tests.attendance.test_core import drawn_signature
from tests.attendance.test_paper import scan_png

ISSUED = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def alt_texts(pdf: bytes) -> list[str]:
    """The text alternatives of the document's images, from its structure tree (tagged PDF)."""
    found = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])

    walk(pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"])
    return found


class AttendanceSheetTests(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)
        window = open_today(self.slot, self.bob)
        signing.sign(self.dominique, self.slot, code=window.room_code(), strokes=drawn_signature())
        signing.mark_absent(self.slot, self.eden, self.bob, excused=True, reason="Malade")
        signing.counter_sign(self.slot, self.bob, strokes=drawn_signature())
        signing.close_window(window, self.bob)

    def sheet(self) -> bytes:
        slot = self.cycle.slots.select_related("sequence", "window").get(index=1)
        return sheets.attendance_sheet(slot, now=ISSUED)

    def test_the_sheet_names_the_of_the_half_day_the_trainer_and_each_trainees_attendance(self):
        text = text_of(self.sheet())
        for expected in (
            "Organisme Test",
            "SIRET 11122233300044",
            "11223344556",  # NDA
            "Feuille d’émargement",
            "J1 · Et vous, c’est quoi votre numérique ?",
            "09:00–12:30 (3 h 30)",
            "La Passerelle",
            "Salle 1",
            "Bob Test",
            "TEST Dominique",
            "TEST Eden",
            "Malade",
            "3 mars 2026",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Farid", text)  # of another cycle

    def test_a_half_day_of_requested_usages_prints_its_theme(self):
        from acunum.usages import plan

        slot = self.cycle.slots.select_related("sequence").get(sequence__code="DJ3")
        plan.set_theme(
            self.cycle,
            slot.sequence,
            plan.Content("Tourner une vidéo au smartphone", "Filmer, monter, publier."),
            reason="Demandé par le groupe",
            user=self.bob,
        )
        # What the sheet prints as its half-day (sheets.attendance_sheet_data), and the others'.
        facts = CycleFacts.load(self.cycle)
        self.assertEqual(facts.sequence_label(slot), "DJ3 · Tourner une vidéo au smartphone")
        self.assertEqual(
            facts.sequence_label(self.slot), "J1 · Et vous, c’est quoi votre numérique ?"
        )

    def test_a_signature_on_the_paper_sheet_says_so_and_when_it_was_entered(self):
        gael = make_trainee(self.cycle, "Gaël")
        slot = self.cycle.slots.get(index=1)
        # Entered once the half-day has started (it may be later today).
        after = max(timezone.now(), slot.starts_at() + timedelta(minutes=5))
        scan = paper.upload_sheet(slot, scan_png(), self.bob, at=after)
        [entry] = paper.record_paper(slot, scan, [gael], self.bob, at=after)
        text = " ".join(text_of(self.sheet()).split())
        entered = timezone.localtime(entry.created_at).strftime("%H:%M")
        expected = gettext("present, signed on the paper sheet (entered at %(time)s)")
        self.assertIn(f"TEST Gaël {expected % {'time': entered}}", text)

    def test_the_sheet_carries_every_drawn_signature_and_the_counter_signature(self):
        alts = alt_texts(self.sheet())
        self.assertEqual(
            sorted(alts), ["Signature de Bob Test", "Signature de TEST Dominique"], alts
        )

    def test_the_sheet_prints_the_ledger_hash_at_the_time_of_issue(self):
        head = LedgerHead.objects.get(cycle=self.cycle)
        text = text_of(self.sheet()).replace("\n", "")
        self.assertIn(head.hash, text)
        self.assertIn(f"{head.seq} enregistrements", text)

    def test_the_same_half_day_issued_at_the_same_moment_gives_the_same_bytes(self):
        self.assertEqual(self.sheet(), self.sheet())

    def test_names_with_accents_apostrophes_hyphens_emoji_and_great_length_are_printed(self):
        names = [
            ("N’Guessan-Éléonore", "D’Artagnan-Ñúñez"),
            ("Zoë 🌻", "Ō"),
            ("Marie-Christine-Alexandrine", "De La Fontaine-Rochechouart-Montmorency-Lévis"),
        ]
        for first, last in names:
            make_trainee(self.cycle, first, last_name=last, email=f"{len(first)}@exemple.org")
        pdf = self.sheet()
        # Long names wrap in their cell, at a hyphen or a space: join the lines back.
        text = "".join(text_of(pdf).split()).replace("-", "")
        self.assertIn("D’ARTAGNANÑÚÑEZN’GuessanÉléonore", text)
        self.assertIn("ŌZoë🌻", text)
        self.assertIn("DELAFONTAINEROCHECHOUARTMONTMORENCYLÉVISMarieChristineAlexandrine", text)
        self.assertEqual(len(pypdf.PdfReader(io.BytesIO(pdf)).pages), 1)


class RefusedSheetTests(BaseTestCase):
    def test_a_half_day_not_closed_nor_counter_signed_is_refused_with_what_to_do(self):
        slot = self.cycle.slots.get(index=1)
        open_today(slot, self.bob)
        slot = self.cycle.slots.select_related("window").get(index=1)
        with self.assertRaises(sheets.Incomplete) as refused:
            sheets.attendance_sheet(slot)
        self.assertEqual(
            refused.exception.missing,
            [
                gettext("the half-day closed on its attendance board"),
                gettext("the trainer's counter-signature"),
            ],
        )

    def test_an_organisation_without_siret_or_nda_is_named_first(self):
        Organisation.objects.update(siret="", nda="")
        slot = self.cycle.slots.get(index=1)
        with self.assertRaises(sheets.Incomplete) as refused:
            sheets.attendance_sheet(slot)
        self.assertEqual(
            refused.exception.missing[:2],
            [
                gettext("the training organisation's SIRET"),
                gettext("the training organisation's declaration number (NDA)"),
            ],
        )


class SheetViewTests(BaseTestCase):
    def url(self) -> str:
        return reverse("documents:attendance-sheet", args=[self.cycle.code, 1])

    def test_the_closed_board_offers_the_sheet_which_opens_as_a_pdf(self):
        slot = self.cycle.slots.get(index=1)
        window = open_today(slot, self.bob)
        signing.counter_sign(slot, self.bob, strokes=drawn_signature())
        signing.close_window(window, self.bob)
        self.login(self.bob)
        board = self.client.get(reverse("attendance:board", args=[self.cycle.code, 1]))
        self.assertContains(board, self.url())
        r = self.client.get(self.url())
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF-"))

    def test_an_incomplete_sheet_is_a_page_that_lists_what_to_do(self):
        self.login(self.bob)
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 409)
        self.assertContains(r, escape(gettext("the trainer's counter-signature")), status_code=409)
