"""The catalogue's files and their validation: every problem names its file, step and field."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from acunum.checklist.catalogue import MIN_STEPS, CatalogueError, read
from acunum.checklist.platforms import APPLIES
from tests.checklist import small


class CatalogueFilesTests(SimpleTestCase):
    """The catalogue shipped with Acunum."""

    def test_the_catalogue_is_valid_with_five_sourced_steps_per_item_and_platform(self):
        catalogue = read()
        for (item, platform), n in catalogue.counts().items():
            with self.subTest(item=item, platform=platform):
                self.assertGreaterEqual(n, MIN_STEPS)
        for step in catalogue.steps.values():
            with self.subTest(step=step.id):
                self.assertTrue(step.sources)
                self.assertTrue(all(s.url.startswith("https://") for s in step.sources))

    def test_every_item_and_platform_that_applies_has_its_file(self):
        root = Path(__file__).resolve().parents[2] / "acunum" / "checklist" / "catalogue"
        for item, platforms in APPLIES.items():
            for platform in platforms:
                self.assertTrue((root / "steps" / item / f"{platform}.toml").exists())

    def test_the_catalogue_has_its_licence(self):
        root = Path(__file__).resolve().parents[2] / "acunum" / "checklist" / "catalogue"
        self.assertIn("CC BY-SA 4.0", (root / "LICENCE.md").read_text())

    def test_the_command_prints_the_steps_per_item_and_platform(self):
        out = StringIO()
        call_command("catalogue", stdout=out)
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), sum(len(p) for p in APPLIES.values()) + 1)
        self.assertRegex(lines[0], r"Windows 11\s+\d+$")


class ValidationTests(SimpleTestCase):
    """A small catalogue, valid, with one thing broken at a time."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.root = Path(self.tmp.name) / "catalogue"

    def problems(self, steps=None, sources=None) -> list[str]:
        small.write(self.root, steps)
        if sources is not None:
            (self.root / "sources" / "more.toml").write_text(sources, encoding="utf-8")
        with self.assertRaises(CatalogueError) as raised:
            read(self.root)
        return raised.exception.problems

    def firefox(self, *changed_steps: str) -> dict:
        body = "\n".join(changed_steps) + "\n".join(
            small.step("firefox", n, id=f'"{small.ident("browser", "firefox", n)}"')
            for n in range(len(changed_steps) + 1, 6)
        )
        return {("browser", "firefox"): body}

    def test_the_small_catalogue_is_valid(self):
        small.write(self.root)
        catalogue = read(self.root)
        self.assertEqual(len(catalogue.steps), 5 * sum(len(p) for p in APPLIES.values()))
        first = catalogue.of("browser", "firefox")[0]
        self.assertEqual(first.id, "firefox.browser-1")
        self.assertEqual([s.key for s in first.sources], ["PG-DB", "MS-SUPPORT-WIN"])
        self.assertEqual(str(first.last_checked), "2026-11-29")

    def test_a_missing_source_names_the_file_the_step_and_the_field(self):
        problems = self.problems(
            self.firefox(
                small.step("firefox", 1, id='"firefox.ok"', sources='["PG-XX"]', adapted_from=None)
            )
        )
        self.assertEqual(
            problems,
            [
                "steps/browser/firefox.toml : étape « firefox.ok », champ « sources » : "
                "pas de source « PG-XX » dans sources/."
            ],
        )

    def test_a_duplicate_id_is_refused(self):
        problems = self.problems(
            self.firefox(
                small.step("firefox", 1, id='"firefox.same"'),
                small.step("firefox", 2, id='"firefox.same"'),
            )
        )
        self.assertEqual(len(problems), 1)
        self.assertIn("firefox.same", problems[0])
        self.assertIn("2", problems[0])

    def test_a_missing_field_and_a_bad_date_are_named(self):
        problems = self.problems(
            self.firefox(
                small.step("firefox", 1, id='"firefox.a"', where=None, last_checked='"hier"')
            )
        )
        self.assertEqual(len(problems), 2)
        self.assertTrue(any("« where »" in p for p in problems), problems)
        self.assertTrue(any("« last_checked »" in p for p in problems), problems)

    def test_text_adapted_from_a_source_that_forbids_it_is_refused(self):
        problems = self.problems(
            self.firefox(
                small.step("firefox", 1, id='"firefox.a"', adapted_from='["MS-SUPPORT-WIN"]')
            )
        )
        self.assertEqual(len(problems), 1)
        self.assertIn("adapted_from", problems[0])
        self.assertIn("all-rights-reserved", problems[0])

    def test_an_unknown_platform_and_too_few_steps(self):
        small.write(self.root)
        (self.root / "steps" / "browser" / "opera.toml").write_text(
            'item = "browser"\nplatform = "opera"\nversions = "toutes"\n\n'
            + small.step("opera", 1),
            encoding="utf-8",
        )
        (self.root / "steps" / "browser" / "safari.toml").unlink()
        with self.assertRaises(CatalogueError) as raised:
            read(self.root)
        problems = raised.exception.problems
        self.assertTrue(any("browser/opera.toml" in p and "« platform »" in p for p in problems))
        self.assertTrue(any("browser/safari.toml : 0 étape" in p for p in problems), problems)

    def test_a_source_defined_twice_or_without_licence_is_refused(self):
        problems = self.problems(
            sources='[PG-DB]\ntitle = "x"\npublisher = "y"\nurl = "https://x.fr/"\n'
            'licence = "CC-BY-SA-4.0"\n'
            '[CNIL]\ntitle = "x"\npublisher = "CNIL"\nurl = "http://cnil.fr/"\n'
        )
        self.assertTrue(any("« PG-DB »" in p and "reference.toml" in p for p in problems), problems)
        self.assertTrue(any("« CNIL »" in p and "« url »" in p for p in problems), problems)
        self.assertTrue(any("« CNIL »" in p and "« licence »" in p for p in problems), problems)

    def test_the_command_lists_every_problem_and_fails(self):
        small.write(
            self.root,
            self.firefox(
                small.step("firefox", 1, id='"firefox.a"', sources='["PG-XX"]', adapted_from=None)
            ),
        )
        with self.assertRaises(CommandError) as raised:
            call_command("catalogue", directory=str(self.root), stdout=StringIO())
        self.assertIn("1 problème", str(raised.exception))
        self.assertIn("PG-XX", str(raised.exception))
