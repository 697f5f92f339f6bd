"""`acunum verify-ledger` catches every change made behind the application's back.

Each test alters the database directly, with SQL, as someone with access to the server could:
the command must then exit non-zero and name the first record concerned.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import SimpleTestCase
from django.urls import reverse

from acunum.attendance import drawing, ledger, signing
from acunum.attendance.models import AttendanceEvent, LedgerHead, append
from acunum.cli import main
from acunum.test import BaseTestCase, open_today
from tests.attendance.test_core import drawn_signature

EVENTS = "attendance_attendanceevent"


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


class LedgerTests(BaseTestCase):
    """Five records: window opened, Dominique signs, Eden signs, counter-signed, closed."""

    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)
        window = open_today(self.slot, self.bob)
        for enrolment in (self.dominique, self.eden):
            signing.sign(enrolment, self.slot, code=window.room_code(), strokes=drawn_signature())
        signing.counter_sign(self.slot, self.bob, strokes=drawn_signature())
        signing.close_window(window, self.bob)
        self.assertEqual(AttendanceEvent.objects.count(), 5)

    def verify_ledger(self) -> tuple[int, str]:
        """Run `acunum verify-ledger` as typed in a terminal: its exit status and its output."""
        out, err = io.StringIO(), io.StringIO()
        # A command closes the database connections as it ends, as its process would: here that
        # would end the test's transaction.
        keep_connection = patch("django.core.management.base.connections.close_all")
        with redirect_stdout(out), redirect_stderr(err), keep_connection:
            try:
                main(["acunum", "verify-ledger"])
                status = 0
            except SystemExit as e:
                status = e.code
        return status, out.getvalue() + err.getvalue()

    def assertBrokenAt(self, seq: int, reason: str) -> None:
        status, output = self.verify_ledger()
        self.assertNotEqual(status, 0, output)
        self.assertIn(f"record {seq}:", output)
        self.assertIn(reason, output)

    def test_an_intact_ledger_exits_zero_and_prints_its_record_count(self):
        status, output = self.verify_ledger()
        self.assertEqual(status, 0, output)
        self.assertIn("5 records", output)
        self.assertIn(LedgerHead.objects.get().hash, output)

    def test_the_django_command_name_still_works(self):
        out = io.StringIO()
        with redirect_stdout(out), patch("django.core.management.base.connections.close_all"):
            main(["acunum", "verify_ledger"])
        self.assertIn("5 records", out.getvalue())

    def test_an_event_whose_data_was_changed_is_named(self):
        sql(f"UPDATE {EVENTS} SET method = 'kiosk' WHERE seq = 3")
        self.assertBrokenAt(3, "content was altered")

    def test_an_absence_reason_rewritten_in_the_json_is_named(self):
        slot = self.cycle.slots.get(index=2)
        open_today(slot, self.bob)
        event = signing.mark_absent(slot, self.eden, self.bob, excused=False, reason="")
        sql(
            f"UPDATE {EVENTS} SET data = %s WHERE seq = %s",
            ['{"excused": true, "reason": "Malade"}', event.seq],
        )
        self.assertBrokenAt(event.seq, "content was altered")

    def test_an_event_whose_time_was_changed_is_named(self):
        later = AttendanceEvent.objects.get(seq=2).created_at + timedelta(hours=3)
        sql(f"UPDATE {EVENTS} SET created_at = %s WHERE seq = 2", [later])
        self.assertBrokenAt(2, "content was altered")

    def test_a_signature_image_whose_bytes_were_changed_is_named(self):
        image = bytes(AttendanceEvent.objects.get(seq=3).image)
        altered = image[:-20] + bytes(20)
        sql(f"UPDATE {EVENTS} SET image = %s WHERE seq = 3", [altered])
        self.assertBrokenAt(3, "signature image was altered")

    def test_a_signature_image_replaced_with_its_digest_is_still_named(self):
        # A careful forger also rewrites the stored digest: the hash of the record still differs.
        png = drawing.check(drawn_signature(width=320))
        sql(
            f"UPDATE {EVENTS} SET image = %s, image_sha256 = %s WHERE seq = 2",
            [png, ledger.image_digest(png)],
        )
        self.assertBrokenAt(2, "content was altered")

    def test_two_records_whose_order_was_swapped_are_named(self):
        sql(f"UPDATE {EVENTS} SET seq = 1000 WHERE seq = 2")
        sql(f"UPDATE {EVENTS} SET seq = 2 WHERE seq = 3")
        sql(f"UPDATE {EVENTS} SET seq = 3 WHERE seq = 1000")
        self.assertBrokenAt(2, "link to the previous record")

    def test_a_record_removed_from_the_middle_is_named(self):
        sql(f"DELETE FROM {EVENTS} WHERE seq = 3")
        self.assertBrokenAt(4, "expected record 3")

    def test_a_record_removed_from_the_middle_and_renumbered_is_named(self):
        sql(f"DELETE FROM {EVENTS} WHERE seq = 3")
        sql(f"UPDATE {EVENTS} SET seq = seq - 1 WHERE seq > 3")
        sql("UPDATE attendance_ledgerhead SET seq = 4")
        self.assertBrokenAt(3, "link to the previous record")

    def test_the_last_record_removed_is_named_by_the_head(self):
        sql(f"DELETE FROM {EVENTS} WHERE seq = 5")
        self.assertBrokenAt(5, "end of the chain")

    def forge_signature(self, seq: int, previous: str) -> str:
        """A signature for Eden on slot 2 that she never made, with a correctly computed hash."""
        slot = self.cycle.slots.get(index=2)
        forged = AttendanceEvent(
            seq=seq,
            kind="signature",
            cycle=self.cycle,
            slot=slot,
            enrolment=self.eden,
            method="phone",
            data={},
            image_sha256="",
            created_at=datetime(2026, 1, 6, 8, 5, tzinfo=UTC),
            prev_hash=previous,
        )
        forged.hash = ledger.chain_hash(previous, forged.hashed_fields())
        sql(
            f"INSERT INTO {EVENTS} (seq, kind, cycle_id, slot_id, enrolment_id, method, data, "
            "image_sha256, created_at, prev_hash, hash) "
            "VALUES (%s, 'signature', %s, %s, %s, 'phone', '{}', '', %s, %s, %s)",
            [seq, self.cycle.pk, slot.pk, self.eden.pk, forged.created_at, previous, forged.hash],
        )
        return forged.hash

    def test_a_record_inserted_at_the_end_is_named_by_the_head(self):
        self.forge_signature(6, AttendanceEvent.objects.get(seq=5).hash)
        self.assertBrokenAt(6, "end of the chain")

    def test_a_record_inserted_in_the_middle_is_named(self):
        sql(f"UPDATE {EVENTS} SET seq = seq + 1000 WHERE seq >= 3")
        sql(f"UPDATE {EVENTS} SET seq = seq - 999 WHERE seq >= 1000")
        self.forge_signature(3, AttendanceEvent.objects.get(seq=2).hash)
        sql("UPDATE attendance_ledgerhead SET seq = 6")
        self.assertBrokenAt(4, "link to the previous record")

    def test_a_trainee_moved_to_another_seat_breaks_the_chain_at_their_first_record(self):
        sql("UPDATE cycles_enrolment SET seat = 9 WHERE id = %s", [self.dominique.pk])
        self.assertBrokenAt(2, "content was altered")

    def test_a_signature_given_to_another_trainee_through_the_enrolment_breaks_the_chain(self):
        sql(
            "UPDATE cycles_enrolment SET trainee_id = %s WHERE id = %s",
            [self.farid.trainee_id, self.eden.pk],
        )
        self.assertBrokenAt(3, "content was altered")

    def test_the_head_of_a_chain_removed_is_named(self):
        sql("DELETE FROM attendance_ledgerhead")
        self.assertBrokenAt(5, "end of the chain")

    def test_each_cycle_has_its_own_chain_numbered_from_one(self):
        other = self.other_cycle.slots.get(index=1)
        opened = open_today(other, self.charlie).slot.attendance_events.get()
        self.assertEqual((opened.seq, opened.prev_hash), (1, ledger.GENESIS))
        status, output = self.verify_ledger()
        self.assertEqual(status, 0, output)
        self.assertIn("6 records in 2 cycle chains", output)

    def test_a_break_names_the_cycle_whose_chain_is_broken(self):
        open_today(self.other_cycle.slots.get(index=1), self.charlie)
        sql(f"UPDATE {EVENTS} SET method = 'kiosk' WHERE cycle_id = %s", [self.other_cycle.pk])
        status, output = self.verify_ledger()
        self.assertIn(f"cycle {self.other_cycle.code}", output)
        self.assertIn("record 1: its content was altered", output)

    def test_a_past_time_given_in_another_zone_verifies(self):
        # The demo writes past events in Paris time; the database reads them back in UTC.
        paris = datetime(2026, 1, 5, 12, 40, tzinfo=ZoneInfo("Europe/Paris"))
        append("window_closed", self.cycle.slots.get(index=2), actor=self.bob, at=paris)
        self.assertEqual(self.verify_ledger()[0], 0)

    def test_an_ipv6_address_written_in_full_verifies(self):
        append("window_opened", self.cycle.slots.get(index=2), actor=self.bob, ip="2001:DB8:0:0::1")
        self.assertEqual(self.verify_ledger()[0], 0)


class BackOfficeTests(BaseTestCase):
    def inputs(self) -> str:
        self.login(self.alice)
        r = self.client.get(reverse("admin:cycles_cycle_change", args=[self.cycle.pk]))
        self.assertEqual(r.status_code, 200)
        return r.content.decode()

    def test_the_back_office_edits_seats_and_slot_numbers_before_attendance_starts(self):
        page = self.inputs()
        self.assertIn('name="enrolments-0-seat"', page)
        self.assertIn('name="slots-0-index"', page)

    def test_the_back_office_shows_hashed_fields_read_only_once_attendance_started(self):
        open_today(self.cycle.slots.get(index=1), self.bob)
        page = self.inputs()
        self.assertNotIn('name="enrolments-0-seat"', page)
        self.assertNotIn('name="enrolments-0-trainee"', page)
        self.assertNotIn('name="slots-0-index"', page)
        self.assertIn('name="slots-0-date"', page)


class CanonicalTextTests(SimpleTestCase):
    def test_the_text_cut_around_the_position_rebuilds_the_canonical_text_for_any_position(self):
        # Data that itself holds "seq" must not mislead the cut (PostgreSQL numbers the record).
        fields = {"data": {"seq": 0, "why": '"seq":0,'}, "kind": "x", "slot": 3, "trainee": 5}
        before, after = ledger.around_seq(fields)
        for seq in (1, 7, 12345):
            self.assertEqual(before + str(seq) + after, ledger.canonical({**fields, "seq": seq}))
