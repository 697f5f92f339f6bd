"""A small, valid catalogue written to a directory, for the validator's tests: 25 files of five
steps, two sources. A test then breaks one thing and reads the problem."""

from __future__ import annotations

from pathlib import Path

from acunum.checklist.platforms import APPLIES

SOURCES = """
[PG-DB]
title = "Navigateurs pour ordinateur"
publisher = "Privacy Guides"
url = "https://www.privacyguides.org/fr/desktop-browsers/"
licence = "CC-BY-SA-4.0"

[MS-SUPPORT-WIN]
title = "Aide de Windows"
publisher = "Microsoft"
url = "https://support.microsoft.com/fr-fr/windows"
licence = "all-rights-reserved"
"""


def step(platform: str, n: int, **changes) -> str:
    fields = {
        "id": f'"{platform}.reglage-{n}"',
        "title": f'"Réglage {n}"',
        "goal": '"Un but."',
        "why": '["privacy"]',
        "why_text": '"Une raison."',
        "where": '"Paramètres > Vie privée"',
        "how": '["Ouvrez les paramètres.", "Cochez la case."]',
        "difficulty": "1",
        "sources": '["PG-DB", "MS-SUPPORT-WIN"]',
        "adapted_from": '["PG-DB"]',
    }
    fields.update(changes)
    body = "\n".join(f"{k} = {v}" for k, v in fields.items() if v is not None)
    return f"[[step]]\n{body}\n"


def ident(item: str, platform: str, n: int) -> str:
    """Unique across the catalogue: a browser has steps in two items, a mail service in three."""
    return f"{platform}.{item.replace('_', '-')}-{n}"


def write(root: Path, steps: dict[tuple[str, str], str] | None = None) -> Path:
    """The catalogue under root; `steps` replaces the body of some files."""
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "reference.toml").write_text(SOURCES, encoding="utf-8")
    for item, platforms in APPLIES.items():
        (root / "steps" / item).mkdir(parents=True)
        for platform in platforms:
            header = (
                f'item = "{item}"\nplatform = "{platform}"\nversions = "toutes"\n'
                "last_checked = 2026-11-29\n\n"
            )
            body = (steps or {}).get((item, platform)) or "\n".join(
                step(platform, n, id=f'"{ident(item, platform, n)}"') for n in range(1, 6)
            )
            (root / "steps" / item / f"{platform}.toml").write_text(header + body, "utf-8")
    return root
