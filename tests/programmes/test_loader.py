"""The programme loader: each error names the file, the field and the reason; nothing half-loads."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.test import TestCase
from django.utils import translation

from acunum.cycles.models import Cycle
from acunum.programmes.loader import (
    DEFAULT_PROGRAMME,
    ProgrammeFileError,
    load_programme,
)
from acunum.programmes.models import Programme, ProgrammeVersion, Sequence
from acunum.test import make_structure

REAL = DEFAULT_PROGRAMME.read_text(encoding="utf-8")


class LoaderTestCase(TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="acunum-programme-"))
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, text: str, name: str = "variant.toml") -> Path:
        path = self.dir / name
        path.write_text(text, encoding="utf-8")
        return path

    def variant(self, old: str, new: str, name: str = "variant.toml") -> Path:
        """The real file with one precise change, so each test breaks exactly one thing."""
        self.assertEqual(REAL.count(old), 1, f"{old!r} should occur once in the real file")
        return self.write(REAL.replace(old, new), name)

    def counts(self) -> tuple[int, int, int]:
        return (
            Programme.objects.count(),
            ProgrammeVersion.objects.count(),
            Sequence.objects.count(),
        )

    def assertRefused(self, path: Path, field: str, reason: str) -> ProgrammeFileError:
        before = self.counts()
        # The English msgids; the French catalogue is checked where translations are.
        with translation.override("en"), self.assertRaises(ProgrammeFileError) as caught:
            load_programme(path)
        error = caught.exception
        message = str(error)
        self.assertIn(path.name, message)
        self.assertIn(field, [p.field for p in error.problems], message)
        self.assertIn(f"“{field}”", message)
        self.assertIn(reason, message)
        self.assertEqual(self.counts(), before, "a refused file must store nothing")
        return error


class ValidFileTests(LoaderTestCase):
    def test_it_loads_the_real_file_as_version_one(self):
        version, created = load_programme()
        self.assertTrue(created)
        self.assertEqual(version.number, 1)
        self.assertEqual(version.programme.slug, "acunum")
        self.assertEqual(version.max_trainees, 14)
        self.assertEqual(version.total_minutes, 56 * 60)

    def test_it_stores_sixteen_slots_worth_of_sequences_in_programme_order(self):
        version, _created = load_programme()
        sequences = list(version.sequences.all())
        self.assertEqual(
            [s.code for s in sequences],
            ["J1", "J2", "J3", "J4"] + [f"DJ{n}" for n in range(1, 9)],
        )
        self.assertEqual([s.part for s in sequences], [1] * 4 + [2] * 8)
        self.assertTrue(all(s.minutes == 420 for s in sequences[:4]))
        self.assertTrue(all(s.minutes == 210 for s in sequences[4:]))
        self.assertEqual(sum(s.slot_count for s in sequences), 16)
        self.assertEqual(sum(s.minutes for s in sequences), 3360)

    def test_reloading_the_same_file_is_a_no_op(self):
        first, _created = load_programme()
        counts = self.counts()
        again, created = load_programme()
        self.assertFalse(created)
        self.assertEqual(again.pk, first.pk)
        self.assertEqual(self.counts(), counts)

    def test_the_same_bytes_under_another_name_are_the_same_version(self):
        first, _created = load_programme()
        copy, created = load_programme(self.write(REAL, "copie.toml"))
        self.assertFalse(created)
        self.assertEqual(copy.pk, first.pk)

    def test_a_changed_file_becomes_a_new_version_and_the_old_one_stays_as_it_was(self):
        first, _created = load_programme()
        changed = self.variant("updated = 2026-11-28", "updated = 2027-01-15")
        second, created = load_programme(changed)
        self.assertTrue(created)
        self.assertEqual(second.number, 2)
        self.assertEqual(second.programme_id, first.programme_id)
        self.assertEqual(first.programme.latest_version(), second)
        first.refresh_from_db()
        self.assertEqual(str(first.updated), "2026-11-28")
        self.assertEqual(first.sequences.count(), 12)
        self.assertEqual(second.sequences.count(), 12)

    def test_going_back_to_an_earlier_file_makes_it_the_current_version_again(self):
        load_programme()
        load_programme(self.variant("updated = 2026-11-28", "updated = 2027-01-15"))
        reverted, created = load_programme()
        self.assertTrue(created)
        self.assertEqual(reverted.number, 3)
        self.assertEqual(reverted.programme.latest_version(), reverted)
        self.assertEqual(str(reverted.updated), "2026-11-28")

    def test_a_cycle_keeps_the_version_it_was_sold_with(self):
        first, _created = load_programme()
        cycle = Cycle.objects.create(programme_version=first, structure=make_structure("S"))
        load_programme(self.variant("max = 14", "max = 12"))
        cycle.refresh_from_db()
        self.assertEqual(cycle.programme_version, first)
        self.assertEqual(cycle.max_trainees, 14)

    def test_a_stored_version_refuses_to_be_changed(self):
        version, _created = load_programme()
        version.data["trainees"]["max"] = 12
        with self.assertRaises(ValueError):
            version.save()
        version.refresh_from_db()
        self.assertEqual(version.max_trainees, 14)


class InvalidFileTests(LoaderTestCase):
    def test_it_refuses_invalid_toml_syntax(self):
        path = self.variant('slug = "acunum"', 'slug = "acunum')
        error = self.assertRefused(path, "file", "line 7")
        self.assertEqual(len(error.problems), 1)

    def test_it_refuses_a_file_that_is_not_utf8(self):
        path = self.dir / "latin1.toml"
        # What an editor saving in Windows-1252 makes of “é”.
        path.write_bytes(REAL.encode("utf-8").replace("é".encode(), b"\xe9"))
        self.assertRefused(path, "file", "UTF-8")

    def test_it_refuses_a_missing_field(self):
        path = self.variant(
            'long_title = "cycle d’Accompagnement aux Cultures et Usages NUMériques"\n', ""
        )
        self.assertRefused(path, "long_title", "missing")

    def test_it_refuses_a_missing_field_inside_a_sequence(self):
        path = self.variant('  title = "Gérons nos traces"\n', "")
        self.assertRefused(path, "parts[0].sequences[2].title", "missing")

    def test_it_refuses_a_wrong_type(self):
        path = self.variant("max = 14", 'max = "14"')
        self.assertRefused(path, "trainees.max", "expected a whole number")

    def test_it_refuses_a_boolean_where_a_number_is_expected(self):
        path = self.variant("minutes = 3360", "minutes = true")
        self.assertRefused(path, "duration.minutes", "expected a whole number")

    def test_it_refuses_a_date_and_time_where_a_date_is_expected(self):
        path = self.variant("updated = 2026-11-28", "updated = 2026-11-28T10:00:00")
        self.assertRefused(path, "updated", "expected a date")

    def test_it_refuses_sessions_out_of_order(self):
        text = REAL.replace("number = 1\n", "number = 9\n", 1)
        text = text.replace("number = 2\n", "number = 1\n", 1).replace(
            "number = 9\n", "number = 2\n"
        )
        self.assertNotEqual(text, REAL)
        self.assertRefused(self.write(text), "parts[0].number", "in order")

    def test_it_refuses_durations_that_do_not_add_up_to_the_total(self):
        path = self.variant(
            'code = "J4"\n  kind = "day"\n  minutes = 420',
            'code = "J4"\n  kind = "day"\n  minutes = 360',
        )
        self.assertRefused(path, "duration.minutes", "add up to 3300")

    def test_it_refuses_a_total_that_is_not_the_sum_of_the_days(self):
        path = self.variant("minutes = 3360", "minutes = 3000")
        self.assertRefused(path, "duration.minutes", "3360")

    def test_it_refuses_more_than_fourteen_trainees(self):
        path = self.variant("max = 14", "max = 15")
        self.assertRefused(path, "trainees.max", "at most 14")

    def test_it_refuses_a_sequence_code_used_twice(self):
        path = self.variant('code = "J2"', 'code = "J1"')
        self.assertRefused(path, "parts[0].sequences[1].code", "“J1” is used twice")

    def test_it_refuses_a_day_that_does_not_split_into_two_half_days(self):
        text = REAL.replace("minutes = 3360", "minutes = 3361")
        text = text.replace(
            'code = "J1"\n  kind = "day"\n  minutes = 420',
            'code = "J1"\n  kind = "day"\n  minutes = 421',
        )
        self.assertRefused(self.write(text), "parts[0].sequences[0].minutes", "two equal")

    def test_it_refuses_a_sequence_in_a_group_the_session_does_not_describe(self):
        path = self.variant('code = "common_core"', 'code = "tronc_commun"')
        self.assertRefused(path, "parts[1].sequences[0].group", "common_core")

    def test_it_refuses_a_programme_without_sessions(self):
        # Top-level keys must come before the first table, hence the insertion point.
        start = REAL.index("[[parts]]")
        end = REAL.index("# What Qualiopi indicator 1 asks")
        text = REAL[:start] + REAL[end:]
        text = text.replace("[duration]", "parts = []\n\n[duration]", 1)
        self.assertRefused(self.write(text), "parts", "at least one session")

    def test_it_lists_every_problem_at_once(self):
        text = REAL.replace("max = 14", "max = 15").replace('code = "J2"', 'code = "J1"')
        error = self.assertRefused(self.write(text), "trainees.max", "at most 14")
        self.assertIn("parts[0].sequences[1].code", [p.field for p in error.problems])

    def test_a_refused_file_leaves_the_loaded_versions_untouched(self):
        version, _created = load_programme()
        self.assertRefused(self.variant("max = 14", "max = 15"), "trainees.max", "at most 14")
        self.assertEqual(version.programme.latest_version(), version)
