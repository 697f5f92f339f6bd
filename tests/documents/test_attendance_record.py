"""The individual attendance record of a trainee: sixteen half-days, each with its drawn
signature or its absence, the ledger's hours, and the ledger's hash at the time of issue."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pypdf
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from acunum.accounts.models import Organisation
from acunum.attendance import signing
from acunum.attendance.hours import cycle_assiduity
from acunum.attendance.models import AttendanceEvent, LedgerHead, SigningWindow
from acunum.documents import french, record, sheets
from acunum.test import BaseTestCase, make_trainee
from tests.documents.test_attendance_sheet import alt_texts
from tests.documents.test_certificate import ISSUED, finish_cycle, one_line

Kind = AttendanceEvent.Kind
LONGEST = "Marie-Éléonore D’Arc-de-la-Fontaine-Saint-Hilaire-Montmorency-Villeneuve 🌻"


def attendance_record_kwargs(t: BaseTestCase) -> dict:
    """For tests/test_access.py: Dominique's attendance record, of a finished cycle."""
    finish_cycle(t)
    return {"code": t.cycle.code, "seat": t.dominique.seat}


def pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


class AttendanceRecordTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        finish_cycle(cls)

    def record(self, enrolment=None) -> bytes:
        return record.attendance_record(enrolment or self.dominique, now=ISSUED)

    def test_the_record_names_the_of_the_programme_the_structure_the_place_and_the_trainer(self):
        text = one_line(self.record())
        for expected in (
            "Organisme Test",
            "SIRET 11122233300044",
            "11223344556",
            "Relevé individuel d’émargement",
            "ACUNUM — cycle d’Accompagnement aux Cultures et Usages NUMériques",
            "Stagiaire TEST Dominique",
            "Structure cliente La Passerelle",
            "Lieu Salle 1",
            "Bob Test",
            "Émis le 3 mars 2026",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Eden", text)

    def test_every_half_day_has_its_row_with_its_date_times_and_sequence(self):
        text = one_line(self.record())
        slots = list(self.cycle.slots.select_related("sequence").order_by("date", "start"))
        self.assertEqual(len(slots), 16)
        for slot in slots:
            self.assertIn(
                f"{french.french_date(slot.date)}, {slot.start:%H:%M}–{slot.end:%H:%M} · "
                f"{slot.sequence.code}",
                text,
            )

    def test_the_absence_its_reason_and_the_late_arrival_are_on_their_rows(self):
        text = one_line(self.record())
        self.assertIn("absent·e, absence justifiée : Malade", text)
        self.assertEqual(text.count("absent·e"), 1)
        late = self.cycle.slots.get(index=5)
        arrival = datetime.combine(late.date, late.start) + timedelta(minutes=25)
        self.assertIn(f"arrivé·e à {arrival:%H:%M}", text)
        self.assertIn("présent·e, signé à", text)
        self.assertIn("sur le téléphone du ou de la stagiaire", text)

    def test_each_absence_reason_is_printed_excused_or_not(self):
        slot = self.cycle.slots.get(index=7)
        signing.correct(
            slot,
            self.eden,
            self.bob,
            changes={"status": "absent", "excused": False, "reason": "Rendez-vous médical"},
            why="Partie avant la pause, pas revenue",
        )
        text = one_line(self.record(self.eden))
        self.assertIn("absent·e, absence non justifiée : Rendez-vous médical (rectifié)", text)
        # The signature a correction turned into an absence is not shown as one.
        self.assertEqual(len(alt_texts(self.record(self.eden))), 15)

    def test_the_hours_realised_are_the_ledgers_out_of_the_56_planned(self):
        slots = list(self.cycle.slots.all())
        minutes = cycle_assiduity(self.cycle, slots, [self.dominique]).trainees[0].minutes
        self.assertEqual(minutes, 56 * 60 - self.cycle.slots.get(index=3).minutes - 25)
        text = one_line(self.record())
        self.assertIn(
            f"Durée réalisée : {french.french_duration(minutes)}, "
            "sur une durée prévue de 56 heures",
            text,
        )
        self.assertIn("Durée réalisée : 52 heures 5 minutes", text)
        self.assertIn("15 demi-journées suivies, 1 absence", text)
        self.assertIn("3 h 05", text)  # half-day 5, 25 minutes late

    def test_the_record_prints_the_ledger_hash_at_the_time_of_issue(self):
        head = LedgerHead.objects.get(cycle=self.cycle)
        text = "".join(one_line(self.record()).split())
        self.assertIn(head.hash, text)
        self.assertIn(f"{head.seq}enregistrements", text)

    def test_the_record_carries_one_signature_image_per_signed_half_day(self):
        alts = alt_texts(self.record())
        expected = [f"Signature de TEST Dominique, demi-journée {n}" for n in range(1, 17)]
        expected.remove("Signature de TEST Dominique, demi-journée 3")  # absent
        self.assertEqual(sorted(alts), sorted(expected))
        self.assertEqual(len(alt_texts(self.record(self.eden))), 16)

    def test_the_events_of_the_whole_cycle_are_read_in_one_query(self):
        with CaptureQueriesContext(connection) as queries:
            record.attendance_record_data(self.dominique, ISSUED)
        events = [q for q in queries if "attendance_attendanceevent" in q["sql"]]
        # One for the record's rows, one for cycle_assiduity's hours: never one per half-day.
        self.assertEqual(len(events), 2, [q["sql"] for q in events])

    def test_a_cycle_attended_as_planned_is_one_a4_page(self):
        pdf = self.record()
        self.assertEqual(pages(pdf), 1)
        page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
        self.assertEqual([round(float(v)) for v in page.mediabox[2:]], [595, 842])

    def test_a_long_table_goes_on_a_second_page_with_its_header_row_and_no_row_cut(self):
        # The longest reason the board accepts, on each of the sixteen half-days.
        reason = (
            "Arrêt de travail prolongé, suivi d’une reprise à temps partiel thérapeutique "
            "validée par la médecine du travail ; formation reportée au prochain cycle, "
            "avec l’accord de la structure et de l’OPCO. Fin."
        )
        self.assertLessEqual(len(reason), 200)
        for slot in self.cycle.slots.all():
            changes = {"status": "absent", "excused": True, "reason": reason}
            signing.correct(slot, self.eden, self.bob, changes=changes, why="Arrêt de travail")
        reader = pypdf.PdfReader(io.BytesIO(self.record(self.eden)))
        self.assertEqual(len(reader.pages), 2)
        texts = [" ".join(page.extract_text().split()) for page in reader.pages]
        for text in texts:
            self.assertIn("N° Date et horaires Émargement Signature Durée", text)
        # A row is whole on its page: as many reasons begun and ended as half-days there.
        begun = []
        for text in texts:
            begun.append(
                sum(
                    f"{french.french_date(slot.date)}, {slot.start:%H:%M}–" in text
                    for slot in self.cycle.slots.all()
                )
            )
            self.assertEqual(text.count("absent·e, absence justifiée : Arrêt"), begun[-1])
            self.assertEqual(text.count("OPCO. Fin. (rectifié)"), begun[-1])
        self.assertEqual(sum(begun), 16)
        self.assertGreater(begun[1], 0)
        self.assertIn("Durée réalisée : 0 heure", texts[1])

    def test_the_same_trainee_issued_at_the_same_moment_gives_the_same_bytes(self):
        self.assertEqual(self.record(), self.record())

    def test_a_long_name_with_accents_apostrophes_and_emoji_is_printed(self):
        first, last = LONGEST.split(" ", 1)
        longest = make_trainee(self.cycle, first, last_name=last, email="long@exemple.org")
        pdf = self.record(longest)
        text = "".join(one_line(pdf).split())
        self.assertIn("D’ARC-DE-LA-FONTAINE-SAINT-HILAIRE-MONTMORENCY-VILLENEUVE🌻Marie", text)
        self.assertIn("Duréeréalisée:0heure", text)  # enrolled after the end: never signed
        self.assertEqual(text.count("nonsigné"), 16)
        self.assertEqual(pages(pdf), 1)


class RefusedRecordTests(BaseTestCase):
    def refusal(self) -> list[str]:
        with self.assertRaises(sheets.Incomplete) as refused:
            record.attendance_record(self.dominique)
        return refused.exception.missing

    def test_a_finished_cycle_is_not_refused(self):
        finish_cycle(self)
        self.assertTrue(record.attendance_record(self.dominique).startswith(b"%PDF-"))

    def test_half_days_not_closed_nor_counter_signed_are_counted(self):
        finish_cycle(self, open_slots=2)
        self.assertEqual(
            self.refusal(),
            [
                ngettext(
                    "every half-day closed on its attendance board: %(n)s is not closed yet",
                    "every half-day closed on its attendance board: %(n)s are not closed yet",
                    2,
                )
                % {"n": 2},
                ngettext(
                    "every half-day counter-signed by the trainer: %(n)s is not counter-signed yet",
                    "every half-day counter-signed by the trainer: %(n)s are not counter-signed "
                    "yet",
                    2,
                )
                % {"n": 2},
            ],
        )

    def test_a_half_day_closed_without_its_counter_signature_is_refused(self):
        finish_cycle(self, open_slots=1)
        last = self.cycle.slots.order_by("index").last()
        SigningWindow.objects.filter(slot=last).update(closed_at=last.ends_at())
        expected = ngettext(
            "every half-day counter-signed by the trainer: %(n)s is not counter-signed yet",
            "every half-day counter-signed by the trainer: %(n)s are not counter-signed yet",
            1,
        ) % {"n": 1}
        self.assertEqual(self.refusal(), [expected])
        self.assertIn("1", expected)

    def test_an_organisation_without_siret_or_nda_is_named_with_the_rest(self):
        Organisation.objects.update(siret="", nda="")
        missing = self.refusal()
        self.assertEqual(
            missing[:2],
            [
                gettext("the training organisation's SIRET"),
                gettext("the training organisation's declaration number (NDA)"),
            ],
        )
        self.assertEqual(len(missing), 4)
        self.assertIn("16", missing[2])
        self.assertIn("16", missing[3])

    def test_a_cycle_without_a_schedule_is_refused(self):
        self.cycle.slots.all().delete()
        self.assertEqual(self.refusal(), [gettext("the cycle's schedule")])


class RecordViewTests(BaseTestCase):
    def url(self, seat=None) -> str:
        seat = self.dominique.seat if seat is None else seat
        return reverse("documents:attendance-record", args=[self.cycle.code, seat])

    def test_the_url_is_the_trainees_emargement_pdf(self):
        self.assertEqual(self.url(), f"/cycles/{self.cycle.code}/stagiaires/1/emargement.pdf")

    def test_the_structures_contact_opens_the_record_as_a_pdf(self):
        finish_cycle(self)
        self.login(self.diane)
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        disposition = 'inline; filename="releve-emargement-test-dominique.pdf"'
        self.assertEqual(r["Content-Disposition"], disposition)
        self.assertIn("Durée réalisée : 52 heures 5 minutes", one_line(r.content))

    def test_a_cycle_not_over_is_a_page_that_says_how_many_half_days_to_close(self):
        finish_cycle(self, open_slots=1)
        self.login(self.bob)
        r = self.client.get(self.url())
        expected = ngettext(
            "every half-day counter-signed by the trainer: %(n)s is not counter-signed yet",
            "every half-day counter-signed by the trainer: %(n)s are not counter-signed yet",
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
