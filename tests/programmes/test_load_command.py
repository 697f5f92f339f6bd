"""`acunum load_programme`: loads a file, says what it did, and fails with the file's problems."""

from __future__ import annotations

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from acunum.programmes.loader import DEFAULT_PROGRAMME
from acunum.programmes.models import ProgrammeVersion, Sequence


class LoadProgrammeCommandTests(TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="acunum-command-"))
        self.addCleanup(shutil.rmtree, self.dir)

    def run_command(self, *args) -> str:
        out = StringIO()
        with translation.override("en"):
            call_command("load_programme", *args, stdout=out)
        return out.getvalue()

    def test_it_loads_the_bundled_programme_by_default(self):
        output = self.run_command()
        self.assertIn("ACUNUM v1 loaded from", output)
        self.assertEqual(ProgrammeVersion.objects.count(), 1)
        self.assertEqual(Sequence.objects.count(), 12)

    def test_it_says_so_when_the_file_is_unchanged(self):
        self.run_command()
        output = self.run_command(str(DEFAULT_PROGRAMME))
        self.assertIn("ACUNUM v1: file unchanged", output)
        self.assertEqual(ProgrammeVersion.objects.count(), 1)

    def test_it_stays_quiet_at_verbosity_zero(self):
        self.assertEqual(self.run_command("--verbosity", "0"), "")
        self.assertEqual(ProgrammeVersion.objects.count(), 1)

    def test_it_fails_with_the_file_the_field_and_the_reason(self):
        path = self.dir / "acunum-15.toml"
        path.write_text(
            DEFAULT_PROGRAMME.read_text(encoding="utf-8").replace("max = 14", "max = 15"),
            encoding="utf-8",
        )
        with self.assertRaises(CommandError) as caught:
            self.run_command(str(path))
        self.assertEqual(str(caught.exception), "acunum-15.toml: field “trainees.max”: at most 14")
        self.assertEqual(ProgrammeVersion.objects.count(), 0)

    def test_it_fails_clearly_when_the_file_does_not_exist(self):
        missing = self.dir / "nowhere.toml"
        with self.assertRaises(CommandError) as caught:
            self.run_command(str(missing))
        self.assertEqual(str(caught.exception), f"{missing}: file not found")
        self.assertEqual(ProgrammeVersion.objects.count(), 0)
