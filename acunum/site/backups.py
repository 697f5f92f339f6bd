"""`acunum backup` and `acunum restore`: the database and the uploaded files in one archive.

The archive is a gzip'ed tar: SQLite files compress several times over, scans and PostgreSQL's
custom dumps are already compressed, and `tar` opens it on any machine. It holds

    database.sqlite3 or database.pgdump   the database, dumped by the engine's own consistent way
    media/...                             every file under MEDIA_ROOT (paper sheet scans)
    manifest.json                         format, versions, engine, migrations, size and SHA-256
                                          of every other member

A restore checks all of it (names, types, sizes, checksums, engine, migrations, the dump itself)
in a staging directory before it touches the live database or files. Messages are in French:
they are read by the person running the command, as `acunum demo`'s are.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import lzma
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing
from datetime import datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from acunum.attendance.models import AttendanceEvent
from acunum.cycles.models import Cycle, Trainee

FORMAT, VERSION = "acunum-backup", 1
MANIFEST = "manifest.json"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# What a tar or gzip reader raises on a file that is not one, or that ends too early. (Not any
# OSError: a full disk while extracting must not be reported as a damaged archive.)
UNREADABLE = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, lzma.LZMAError)


class BackupError(Exception):
    """A refusal, in French, naming the problem; nothing was changed."""


def counts() -> dict[str, int]:
    return {
        "cycles": Cycle.objects.count(),
        "trainees": Trainee.objects.count(),
        "events": AttendanceEvent.objects.count(),
    }


def summary(files: int) -> str:
    """What the database and MEDIA_ROOT hold, in words: "3 cycles, 28 stagiaires, …"."""
    found = counts()

    def plural(count: int, one: str, more: str) -> str:
        return f"{count} {one if count <= 1 else more}"

    return ", ".join(
        [
            plural(found["cycles"], "cycle", "cycles"),
            plural(found["trainees"], "stagiaire", "stagiaires"),
            plural(found["events"], "événement de présence", "événements de présence"),
            plural(files, "fichier envoyé", "fichiers envoyés"),
        ]
    )


def created_label(manifest: dict) -> str:
    """When the backup was made, in local time, as a French reader writes it."""
    try:
        created = timezone.localtime(datetime.fromisoformat(manifest["created_at"]))
    except (KeyError, TypeError, ValueError):
        return "date inconnue"
    return f"{created:%d/%m/%Y à %H:%M}"


def acunum_version() -> str:
    try:
        return metadata.version("acunum")
    except metadata.PackageNotFoundError:
        return "inconnue"


# Backup


def create(target: Path, *, force: bool = False) -> dict:
    """Write the archive to `target` (through a temporary file and a rename, mode 0600).

    Returns the manifest, with the archive's own size and SHA-256 added.
    """
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} est un dossier : donnez le nom du fichier à écrire.")
    if target.exists() and not force:
        raise BackupError(f"{target} existe déjà : choisissez un autre nom, ou --force.")
    if not target.parent.is_dir():
        raise BackupError(f"Le dossier {target.parent} n’existe pas.")
    if target.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise BackupError(
            f"{target} est dans le dossier des fichiers envoyés ({settings.MEDIA_ROOT}) : "
            "écrivez la sauvegarde ailleurs."
        )
    engine = connection.vendor
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "acunum": acunum_version(),
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "engine": engine,
        "migrations": latest_migrations(),
        "files": {},
    }
    # Next to the target: the final rename stays on one file system, and the dump (personal
    # data) sits in a directory only this user can read.
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".acunum-backup-") as tmp:
        dump = Path(tmp) / DATABASE[engine]
        dump_database(dump)
        partial = Path(tmp) / "archive"
        with private_file(partial) as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                files = manifest["files"]
                files[dump.name] = add_file(tar, dump, dump.name)
                for path, name in media_files():
                    files[name] = add_file(tar, path, name)
                # Last, since it holds the checksums computed while the members were written.
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    manifest["archive"] = {"size": target.stat().st_size, "sha256": sha256_of(target)}
    return manifest


def latest_migrations() -> dict[str, str]:
    """The migration applied last in each app, as recorded in the database."""
    latest = {}
    applied = MigrationRecorder(connection).migration_qs.order_by("applied", "id")
    for app, name in applied.values_list("app", "name"):
        latest[app] = name
    return dict(sorted(latest.items()))


def dump_database(path: Path) -> None:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        # The online backup API copies a snapshot: consistent while the server writes (WAL).
        with closing(sqlite3.connect(settings_dict["NAME"])) as source:
            with closing(sqlite3.connect(path)) as copy:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    elif connection.vendor == "postgresql":
        run_pg("pg_dump", "--format=custom", f"--file={path}", *pg_connection(settings_dict))
    else:
        raise BackupError(f"Base de données {connection.vendor} non prise en charge.")


def media_files() -> list[tuple[Path, str]]:
    """Every regular file under MEDIA_ROOT with its member name; links are not followed."""
    root = Path(settings.MEDIA_ROOT)
    found = []
    for directory, _dirs, names in os.walk(root):
        for name in names:
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink():
                found.append((path, "media/" + path.relative_to(root).as_posix()))
    return sorted(found, key=lambda item: item[1])


def add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    info = tar.gettarinfo(path, arcname=name)
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    with open(path, "rb") as f:
        # Hashed as it is written: the checksum is that of the bytes in the archive.
        reader = _Hashing(f)
        tar.addfile(info, reader)
    return {"size": reader.size, "sha256": reader.sha256.hexdigest()}


class _Hashing:
    def __init__(self, f):
        self.f, self.sha256, self.size = f, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data


def private_file(path: Path):
    """A new file that only this user can read (personal data), opened for binary writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # Windows
    return open(os.open(path, flags, 0o600), "wb")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# PostgreSQL's own tools


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} est introuvable : installez les outils clients de PostgreSQL (paquet "
            f"postgresql-client sous Debian ou Ubuntu), de la version du serveur ou plus "
            f"récente, ou ajoutez leur dossier au PATH."
        )
    return path


def pg_connection(settings_dict: dict) -> list[str]:
    """Connection options from Django's settings; the password goes through PGPASSWORD."""
    options = [f"--dbname={settings_dict['NAME']}", "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            options.append(f"{option}={settings_dict[key]}")
    return options


def run_pg(tool: str, *arguments: str) -> str:
    env = dict(os.environ)
    if password := connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = password
    result = subprocess.run(
        [pg_tool(tool), *arguments], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(f"{tool} a échoué :\n{result.stderr.strip()}")
    return result.stdout


# Restore


def restore(path: Path, confirm=lambda manifest: True) -> dict | None:
    """Check the archive completely, ask `confirm(manifest)`, then replace the database and
    MEDIA_ROOT. Returns the manifest, or None when not confirmed (nothing changed)."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Beside MEDIA_ROOT (in the data directory): the new tree is moved in by a rename.
    staging = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".acunum-restore-"))
    try:
        manifest = check(Path(path), staging)
        if not confirm(manifest):
            return None
        new_media, old_media = staging / "media", staging / "previous-media"
        new_media.mkdir(exist_ok=True)
        if media_root.exists():
            os.replace(media_root, old_media)
        os.replace(new_media, media_root)
        try:
            replace_database(staging / DATABASE[manifest["engine"]], staging)
        except BaseException:
            # The database was left as it was: put the files back too.
            os.replace(media_root, new_media)
            if old_media.exists():
                os.replace(old_media, media_root)
            raise
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check(path: Path, staging: Path) -> dict:
    """The manifest of a complete, intact backup of this engine and of known migrations,
    its members extracted into `staging`; BackupError otherwise."""
    if not path.is_file():
        raise BackupError(f"{path} n’existe pas ou n’est pas un fichier.")
    broken = (
        f"{path} n’est pas une archive lisible : ce n’est pas une sauvegarde Acunum, "
        f"ou le fichier est tronqué ou abîmé."
    )
    try:
        with tarfile.open(path, "r:*") as tar:
            members = tar.getmembers()  # reads to the end: a truncated file stops here
            manifest = read_manifest(tar, members, path)
            check_members(members, manifest)
            for member in members:
                if member.name != MANIFEST:
                    extract(tar, member, staging, manifest["files"][member.name])
    except UNREADABLE:
        raise BackupError(broken) from None
    check_dump(staging / DATABASE[manifest["engine"]])
    return manifest


def read_manifest(tar: tarfile.TarFile, members: list, path: Path) -> dict:
    foreign = f"{path} n’est pas une sauvegarde Acunum (pas de {MANIFEST} reconnaissable)."
    found = [m for m in members if m.name == MANIFEST]
    if len(found) != 1 or not found[0].isfile() or found[0].size > 50_000_000:
        raise BackupError(foreign)
    try:
        manifest = json.loads(tar.extractfile(found[0]).read())
    except ValueError:
        raise BackupError(foreign) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(foreign)
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"Cette sauvegarde est au format {FORMAT} version {manifest.get('version')!r}, "
            f"que cette version d’Acunum ne sait pas lire (elle lit la version {VERSION}) : "
            f"mettez Acunum à jour."
        )
    files, migrations = manifest.get("files"), manifest.get("migrations")
    valid = (
        isinstance(files, dict)
        and isinstance(migrations, dict)
        and all(
            isinstance(entry, dict)
            and type(entry.get("size")) is int
            and isinstance(entry.get("sha256"), str)
            for entry in files.values()
        )
        and all(isinstance(name, str) for name in migrations.values())
    )
    if not valid:
        raise BackupError(f"Le {MANIFEST} de {path} est abîmé (liste des fichiers ou migrations).")
    engine = manifest.get("engine")
    if engine != connection.vendor:
        raise BackupError(
            f"Cette sauvegarde vient d’une base {ENGINES.get(engine, repr(engine))}, et Acunum "
            f"utilise ici {ENGINES.get(connection.vendor, connection.vendor)} : restaurez-la "
            f"sur une installation {ENGINES.get(engine, repr(engine))}, ou sauvegardez et "
            f"restaurez entre deux installations du même moteur."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, name in migrations.items() if (app, name) not in known]
    if unknown:
        raise BackupError(
            "Cette sauvegarde vient d’une version plus récente d’Acunum (migrations inconnues "
            f"ici : {', '.join(sorted(unknown))}) : mettez Acunum à jour, puis restaurez."
        )
    if DATABASE[engine] not in files:
        raise BackupError(f"Le {MANIFEST} de {path} n’annonce pas de base de données.")
    return manifest


def check_members(members: list, manifest: dict) -> None:
    listed, seen = manifest["files"], set()
    for member in members:
        name = member.name
        if name == MANIFEST:
            continue
        if not safe_name(name):
            raise BackupError(
                f"Le membre « {name} » sortirait du dossier de restauration (chemin absolu ou "
                f"« .. ») : archive refusée."
            )
        if not member.isfile():
            raise BackupError(
                f"Le membre « {name} » n’est pas un fichier ordinaire (lien, dossier ou "
                f"périphérique) : archive refusée."
            )
        if name in seen:
            raise BackupError(f"Le membre « {name} » figure deux fois dans l’archive.")
        seen.add(name)
        if name not in listed:
            raise BackupError(f"Le membre « {name} » ne figure pas dans le {MANIFEST}.")
        if member.size != listed[name]["size"]:
            raise BackupError(
                f"Le membre « {name} » fait {member.size} octets, le {MANIFEST} en annonce "
                f"{listed[name]['size']} : archive modifiée ou abîmée."
            )
    if missing := sorted(set(listed) - seen):
        raise BackupError(
            f"Le {MANIFEST} annonce « {missing[0]} », absent de l’archive"
            + (f" (et {len(missing) - 1} autres)" if len(missing) > 1 else "")
            + " : archive incomplète."
        )


def safe_name(name: str) -> bool:
    """A relative path in canonical form, inside the archive's two places."""
    path = PurePosixPath(name)
    return (
        name == str(path)
        and not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and ":" not in name
        and (name in DATABASE.values() or (name.startswith("media/") and len(path.parts) > 1))
    )


def extract(tar: tarfile.TarFile, member: tarfile.TarInfo, staging: Path, listed: dict) -> None:
    target = staging.joinpath(*PurePosixPath(member.name).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = _Hashing(tar.extractfile(member))
    with private_file(target) as out:
        shutil.copyfileobj(source, out, 1 << 20)
    if source.size != listed["size"] or source.sha256.hexdigest() != listed["sha256"]:
        raise BackupError(
            f"Le membre « {member.name} » a été modifié : sa somme SHA-256 n’est pas celle du "
            f"{MANIFEST}. Archive refusée."
        )


def check_dump(dump: Path) -> None:
    """The dump opens with its engine's own reader, before anything is replaced."""
    if connection.vendor == "sqlite":
        try:
            with closing(sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)) as db:
                ok = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            ok = False
        if not ok:
            raise BackupError("La base de données de la sauvegarde est abîmée.")
    else:
        pg_tool("psql")  # needed by replace_database: missing, say so now
        run_pg("pg_restore", "--list", str(dump))


def replace_database(dump: Path, staging: Path) -> None:
    connections.close_all()
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        # Copied page by page into the live file, in one write transaction, WAL included.
        with closing(sqlite3.connect(dump)) as source:
            with closing(sqlite3.connect(settings_dict["NAME"], timeout=20)) as live:
                source.backup(live)
        return
    # `pg_restore --clean` drops only what the archive holds: a table created by a newer
    # schema would stay, with its data, and block dropping the tables it references. So the
    # script empties the schema first, and psql runs all of it in ONE transaction: on any error
    # the database is left exactly as it was.
    script = staging / "restore.sql"
    run_pg(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        f"--file={script}",
        str(dump),
    )
    prelude = staging / "empty-schema.sql"
    prelude.write_text(
        "DO $$ DECLARE t text; BEGIN\n"
        "  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP\n"
        "    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', t);\n"
        "  END LOOP;\n"
        "END $$;\n"
    )
    run_pg(
        "psql",
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        f"--file={prelude}",
        f"--file={script}",
        *pg_connection(settings_dict),
    )
