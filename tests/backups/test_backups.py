"""`acunum backup` and `acunum restore`: a round trip loses nothing, and a damaged, foreign,
other-engine or newer archive is refused before anything is touched.

Dumps are made by the engine's own tools, which see committed data only: TransactionTestCase.
Run both: `uv run pytest tests/backups` and with ACUNUM_DATABASE_URL set.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from datetime import date
from pathlib import Path
from unittest.mock import patch

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TransactionTestCase, override_settings

from acunum.attendance import paper, signing
from acunum.attendance.models import AttendanceEvent
from acunum.cycles.models import Cycle, Enrolment, Slot, Trainee, trainee_url
from acunum.programmes.loader import load_programme
from acunum.site import backups
from acunum.test import (
    database_state,
    make_structure,
    make_trainee,
    make_user,
    open_today,
    schedule_cycle,
)
from tests.attendance.test_core import drawn_signature
from tests.attendance.test_paper import scan_png

DUMP = backups.DATABASE[connection.vendor]
OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]


def media_state(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def rewrite(source: Path, target: Path, change=None, extra=()) -> None:
    """A copy of the archive where change(name, data) gives each member's new bytes (None to
    leave it out), with the (TarInfo, bytes) pairs of `extra` added."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if change:
                data = change(member.name, data)
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
        for info, data in extra:
            new.addfile(info, io.BytesIO(data) if info.isfile() else None)


def edit_manifest(edit):
    def change(name: str, data: bytes) -> bytes:
        if name != backups.MANIFEST:
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()

    return change


def member(name: str, data: bytes = b"", kind=tarfile.REGTYPE, link: str = ""):
    info = tarfile.TarInfo(name)
    info.size, info.type, info.linkname = len(data), kind, link
    return info, data


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class BackupTestCase(TransactionTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="acunum-backup-test-")
        self.addCleanup(folder.cleanup)
        self.tmp = Path(folder.name)
        self.data_dir = self.tmp / "data"
        self.media = self.data_dir / "media"
        self.media.mkdir(parents=True)
        media = override_settings(MEDIA_ROOT=str(self.media))
        media.enable()
        self.addCleanup(media.disable)
        self.archive = self.tmp / "acunum.tar.gz"

    def backup(self, *args) -> str:
        out = io.StringIO()
        call_command("backup", str(self.archive), *args, stdout=out)
        return out.getvalue()

    def restore(self, archive: Path | None = None, *args) -> str:
        out = io.StringIO()
        call_command("restore", str(archive or self.archive), *(args or ["--yes"]), stdout=out)
        return out.getvalue()


class RoundTripTests(BackupTestCase):
    def setUp(self):
        super().setUp()
        version, _created = load_programme()
        self.trainer = make_user("bob", "trainer")
        self.cycle = Cycle.objects.create(
            programme_version=version, structure=make_structure("La Passerelle"), place="Salle 1"
        )
        self.cycle.trainers.add(self.trainer)
        schedule_cycle(self.cycle, date(2026, 1, 5))
        trainees = [make_trainee(self.cycle, name) for name in ("Dominique", "Eden", "Farid")]
        self.enrolments = trainees
        self.tokens = [trainee.issue_link() for trainee in trainees]
        slot = self.cycle.slots.get(index=1)
        open_today(slot, self.trainer)
        slot = Slot.objects.select_related("window").get(pk=slot.pk)
        for trainee in trainees[:2]:
            signing.sign(trainee, slot, code=slot.window.room_code(), strokes=drawn_signature())
        signing.mark_absent(slot, trainees[2], self.trainer, excused=True, reason="Malade")
        # The paper fallback on the second half-day: a scan uploaded into MEDIA_ROOT.
        second = self.cycle.slots.get(index=2)
        sheet = paper.upload_sheet(second, scan_png(), self.trainer)
        paper.record_paper(second, sheet, trainees, self.trainer)

    def test_a_round_trip_restores_every_row_and_every_file_and_the_ledger_verifies(self):
        before, files = database_state(), media_state(self.media)
        self.assertEqual(len(files), 1)
        contents = f"1 cycle, 3 stagiaires, {AttendanceEvent.objects.count()} événements de "
        out = self.backup()
        self.assertIn(contents + "présence, 1 fichier envoyé", out)
        self.assertEqual(os.stat(self.archive).st_mode & 0o777, 0o600)

        Trainee.objects.filter(first_name="Dominique").update(first_name="Changé")
        Cycle.objects.update(place="Ailleurs")
        AttendanceEvent.objects.filter(kind="absence").delete()  # the ledger is broken now
        make_structure("Créée après la sauvegarde")
        scan = next(self.media.rglob("*.png"))
        scan.write_bytes(b"another file")
        (self.media / "extra.txt").write_text("added after the backup")
        self.assertNotEqual(database_state(), before)

        out = self.restore()
        self.assertIn(contents + "présence, 1 fichier envoyé", out)
        self.assertEqual(database_state(), before)
        self.assertEqual(media_state(self.media), files)
        call_command("verify_ledger", verbosity=0)  # raises CommandError if broken
        # Personal links still open, and print again with the same secret key (only their
        # digests are stored); under another key they cannot be printed again.
        self.assertEqual(self.client.get(trainee_url(self.tokens[0])).status_code, 200)
        links = [Enrolment.objects.get(pk=e.pk).current_link() for e in self.enrolments]
        self.assertEqual(links, self.tokens)
        with override_settings(SECRET_KEY="another-key"):
            self.assertIsNone(Enrolment.objects.get(pk=self.enrolments[0].pk).current_link())
        # Sequences came back too: new rows do not collide with restored ones.
        make_structure("Après la restauration")
        self.assertEqual([p.name for p in self.data_dir.iterdir()], ["media"])  # no staging left

    def test_a_table_of_a_newer_schema_does_not_survive_or_block_the_restore(self):
        self.backup()
        before = database_state()
        with connection.cursor() as cursor:
            # It references restored rows: PostgreSQL's --clean alone could not drop cycles.
            cursor.execute(
                "CREATE TABLE future_notes (id integer PRIMARY KEY, "
                "cycle_id bigint REFERENCES cycles_cycle (id))"
            )
            cursor.execute("INSERT INTO future_notes VALUES (1, %s)", [self.cycle.pk])
        self.restore()
        self.assertNotIn("future_notes", connection.introspection.table_names())
        self.assertEqual(database_state(), before)

    def test_a_restore_into_an_empty_database_works(self):
        self.backup()
        before, files = database_state(), media_state(self.media)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                cascade = " CASCADE" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TABLE {quote(table)}{cascade}")
        for path in self.media.rglob("*.png"):
            path.unlink()
        self.restore()
        self.assertEqual(database_state(), before)
        self.assertEqual(media_state(self.media), files)

    def test_a_restored_ledger_that_does_not_verify_fails_the_command(self):
        AttendanceEvent.objects.filter(kind="absence").update(data={"reason": "Changé"})
        self.backup()
        with self.assertRaisesMessage(CommandError, "registre de présence restauré"):
            self.restore()


class RefusalTests(BackupTestCase):
    """Each refusal leaves the database and MEDIA_ROOT exactly as they were."""

    def setUp(self):
        super().setUp()
        make_structure("Sauvegardée")
        (self.media / "paper").mkdir()
        (self.media / "paper" / "scan.png").write_bytes(scan_png())
        self.backup()
        make_structure("Créée après la sauvegarde")  # what a refused restore must not lose
        self.before, self.files = database_state(), media_state(self.media)
        self.bad = self.tmp / "bad.tar.gz"

    def assertRefused(self, message: str, archive: Path | None = None) -> None:
        with self.assertRaisesMessage(CommandError, message):
            self.restore(archive or self.bad)
        self.assertEqual(database_state(), self.before)
        self.assertEqual(media_state(self.media), self.files)
        self.assertEqual([p.name for p in self.data_dir.iterdir()], ["media"])  # no staging left

    def test_a_file_that_is_not_a_tar_is_refused(self):
        self.bad.write_bytes(b"Bonjour, ceci n'est pas une sauvegarde.\n" * 100)
        self.assertRefused("n’est pas une archive lisible")

    def test_a_truncated_archive_is_refused(self):
        self.bad.write_bytes(self.archive.read_bytes()[: self.archive.stat().st_size // 2])
        self.assertRefused("n’est pas une archive lisible")

    def test_a_truncated_uncompressed_archive_is_refused(self):
        with tarfile.open(self.archive) as tar:
            tar.extractall(self.tmp / "x", filter="data")
        plain = self.tmp / "plain.tar"
        with tarfile.open(plain, "w") as tar:
            for name in (DUMP, "media/paper/scan.png", backups.MANIFEST):
                tar.add(self.tmp / "x" / name, arcname=name)
        self.restore(plain, "--yes")  # uncompressed is accepted as such
        self.before = database_state()
        self.bad.write_bytes(plain.read_bytes()[: plain.stat().st_size // 2])
        with self.assertRaises(CommandError):
            self.restore(self.bad)
        self.assertEqual(database_state(), self.before)

    def test_one_byte_changed_in_the_database_dump_is_refused(self):
        def flip(name: str, data: bytes) -> bytes:
            if name != DUMP:
                return data
            return data[:500] + bytes([data[500] ^ 1]) + data[501:]

        rewrite(self.archive, self.bad, flip)
        self.assertRefused(f"Le membre « {DUMP} » a été modifié")

    def test_a_checksum_edited_in_the_manifest_is_refused(self):
        def edit(manifest):
            manifest["files"]["media/paper/scan.png"]["sha256"] = "0" * 64

        rewrite(self.archive, self.bad, edit_manifest(edit))
        self.assertRefused("« media/paper/scan.png » a été modifié")

    def test_a_size_edited_in_the_manifest_is_refused(self):
        def edit(manifest):
            manifest["files"]["media/paper/scan.png"]["size"] += 1

        rewrite(self.archive, self.bad, edit_manifest(edit))
        self.assertRefused("« media/paper/scan.png » fait")

    def test_a_member_removed_is_refused(self):
        rewrite(self.archive, self.bad, lambda n, d: None if n.startswith("media/") else d)
        self.assertRefused("annonce « media/paper/scan.png », absent de l’archive")

    def test_a_member_not_in_the_manifest_is_refused(self):
        rewrite(self.archive, self.bad, extra=[member("media/paper/added.png", b"x")])
        self.assertRefused("« media/paper/added.png » ne figure pas dans le manifest.json")

    def test_a_foreign_tar_is_refused(self):
        with tarfile.open(self.bad, "w:gz") as tar:
            info, data = member("notes.txt", b"a")
            tar.addfile(info, io.BytesIO(data))
        self.assertRefused("n’est pas une sauvegarde Acunum")

    def test_a_manifest_of_another_format_is_refused(self):
        rewrite(self.archive, self.bad, edit_manifest(lambda m: m.update(format="other-tool")))
        self.assertRefused("n’est pas une sauvegarde Acunum")

    def test_a_newer_format_version_is_refused(self):
        rewrite(self.archive, self.bad, edit_manifest(lambda m: m.update(version=2)))
        self.assertRefused("version 2")

    def test_paths_escaping_the_restore_folder_and_links_are_refused(self):
        cases = [
            (member("../evil", b"x"), "sortirait"),
            (member("media/../../evil", b"x"), "sortirait"),
            (member("/tmp/acunum-evil", b"x"), "sortirait"),
            (member("media/link", kind=tarfile.SYMTYPE, link="/etc/passwd"), "pas un fichier"),
            (member("media/hard", kind=tarfile.LNKTYPE, link=DUMP), "pas un fichier"),
        ]
        for (info, data), message in cases:
            with self.subTest(info.name):
                # Listed in the manifest with the right checksum: only the path gives it away.
                listed = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                change = edit_manifest(lambda m, n=info.name, e=listed: m["files"].update({n: e}))
                rewrite(self.archive, self.bad, change, extra=[(info, data)])
                self.assertRefused(message)
                self.assertFalse((self.data_dir / "evil").exists())
                self.assertFalse(Path("/tmp/acunum-evil").exists())

    def test_an_archive_of_the_other_engine_is_refused_and_names_both(self):
        rewrite(self.archive, self.bad, edit_manifest(lambda m: m.update(engine=OTHER_ENGINE)))
        other, this = backups.ENGINES[OTHER_ENGINE], backups.ENGINES[connection.vendor]
        self.assertRefused(f"vient d’une base {other}, et Acunum utilise ici {this}")

    def test_an_archive_with_newer_migrations_is_refused(self):
        def edit(manifest):
            manifest["migrations"]["attendance"] = "9999_from_the_future"
            manifest["migrations"]["futureapp"] = "0001_initial"

        rewrite(self.archive, self.bad, edit_manifest(edit))
        self.assertRefused("attendance.9999_from_the_future, futureapp.0001_initial")

    def test_a_restore_not_confirmed_changes_nothing(self):
        out = io.StringIO()
        with patch("builtins.input", return_value="non"):
            call_command("restore", str(self.archive), stdout=out)
        self.assertIn("REMPLACER", out.getvalue())
        self.assertIn("annulée", out.getvalue())
        self.assertEqual(database_state(), self.before)
        self.assertEqual(media_state(self.media), self.files)

    def test_backup_refuses_to_overwrite_a_file_unless_forced(self):
        content = self.archive.read_bytes()
        with self.assertRaisesMessage(CommandError, "existe déjà"):
            self.backup()
        self.assertEqual(self.archive.read_bytes(), content)
        out = self.backup("--force")
        self.assertNotEqual(self.archive.read_bytes(), content)
        self.assertIn(backups.sha256_of(self.archive), out)
        self.assertEqual(os.stat(self.archive).st_mode & 0o777, 0o600)
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["acunum.tar.gz", "data"])
