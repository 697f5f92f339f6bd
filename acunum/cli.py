"""The `acunum` command: `acunum demo`, `acunum serve`, and every manage.py command."""

from __future__ import annotations

import os
import secrets
import sys

ALIASES = {"verify-ledger": "verify_ledger"}


def _demo_key_path():
    from acunum.lib.paths import data_dir

    return data_dir() / "demo-secret-key"


def _demo_secret_key() -> str:
    """A key kept in the data directory, so that a demo needs no configuration at all."""
    path = _demo_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acunum.settings")
    command = argv[1] if len(argv) > 1 else "help"
    # Django names commands after modules, which cannot hold a hyphen; people type a hyphen.
    if command in ALIASES:
        command = argv[1] = ALIASES[command]
    keyless = not os.getenv("ACUNUM_SECRET_KEY") and not os.getenv("ACUNUM_SECRET_KEY_FILE")
    if command == "demo":
        if keyless:
            os.environ["ACUNUM_SECRET_KEY"] = _demo_secret_key()
        # Phones on the room's network reach the laptop by its address, whatever it is.
        os.environ.setdefault("ACUNUM_ALLOWED_HOSTS", "*")
    elif keyless and _demo_key_path().exists():
        # The demo's data directory carries its key: the commands the demo prints (its dossier,
        # a backup) work in it as they are typed.
        os.environ["ACUNUM_SECRET_KEY"] = _demo_secret_key()
    if command == "catalogue" and not os.getenv("ACUNUM_SECRET_KEY"):
        # It reads the catalogue's files and nothing else: a trainer correcting a menu path
        # checks their work with no configuration.
        os.environ["ACUNUM_SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
