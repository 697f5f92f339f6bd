"""The audit export: a ZIP that an auditor opens without Acunum, for one cycle or a period.

Its index.html stands alone (its style inside it, no script, every link relative) and lists each
indicator with its status, its figures, what is missing, and links to every piece of evidence the
ZIP holds: each cycle's documents as PDFs (issued by documents/dossier.py, as the cycle's dossier
issues them), the tables its pages show as CSV files (tables.py), the programmes' PDFs, the OF's
registers and the trainers' files. A document that cannot be issued yet is listed with what it
lacks, rather than stopping the export: what is missing is part of what the audit shows.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from acunum.documents import dossier
from acunum.documents.programme import programme_pdf
from acunum.documents.sheets import Incomplete
from acunum.quality import tables
from acunum.quality.evidence import collect
from acunum.quality.indicators.appreciations import COMPLAINT, IMPROVEMENT, scope_complaints
from acunum.quality.indicators.means import AGREEMENT, CV, EVALUATION, TRAINING, freelance_trainers
from acunum.quality.scope import CycleData, Scope, optional_model

# The dossier's programme is the version's PDF, which the export holds once under programmes/.
SKIPPED_DOCUMENTS = {"01-programme.pdf"}


@dataclass
class Refused:
    cycle: str
    document: str
    missing: list[str]


@dataclass
class Export:
    scope: Scope
    now: object
    files: dict[str, bytes] = field(default_factory=dict)  # path in the ZIP → content
    refused: list[Refused] = field(default_factory=list)
    # What each `Link.export` names → the files that hold it.
    pieces: dict[tuple, list[str]] = field(default_factory=dict)

    def add(self, key: tuple, path: str, content: bytes) -> None:
        self.files[path] = content
        self.pieces.setdefault(key, []).append(path)

    def resolve(self, key: tuple) -> list[str]:
        if not key:
            return []
        if key[0] == "document":
            # A folder of the dossier ("05-emargement/") or one document ("03-convention.pdf").
            _kind, cycle, prefix = key
            found = self.pieces.get(("documents", cycle), [])
            return [p for p in found if p.split("/documents/", 1)[1].startswith(prefix)]
        return list(self.pieces.get(key, []))


def folder(data: CycleData) -> str:
    """Each cycle's folder: whose, and which of their cycles (as the dossier names it)."""
    return f"cycles/{dossier.name(data.cycle).removeprefix('dossier-')}"


def _documents(export: Export, data: CycleData, base_url: str) -> None:
    for path, issue in dossier.documents(data.cycle, base_url=base_url):
        if path in SKIPPED_DOCUMENTS:
            continue
        try:
            pdf = issue(export.now)
        except Incomplete as e:
            export.refused.append(Refused(data.label, path, e.missing))
            continue
        export.add(("documents", data.cycle.pk), f"{folder(data)}/documents/{path}", pdf)


def _tables(export: Export, data: CycleData) -> None:
    for name, build in tables.CYCLE_TABLES.items():
        rows = build(data)
        if rows:
            path = f"{folder(data)}/tables/{name}.csv"
            export.add(("table", data.cycle.pk, name), path, tables.csv_bytes(rows))


def _registers(export: Export, scope: Scope) -> None:
    """The OF's: published results, complaints and improvements, the trainers' files."""
    export.add(("published",), "registers/published-results.csv", _csv(tables.published(scope)))
    complaint = optional_model(*COMPLAINT)
    if complaint is not None:
        found = scope_complaints(scope, complaint).select_related("cycle__structure")
        export.add(("complaints",), "registers/complaints.csv", _csv(tables.register(found)))
    improvement = optional_model(*IMPROVEMENT)
    if improvement is not None:
        if scope.is_period:
            found = improvement.objects.in_period(scope.start, scope.end)
        else:
            found = improvement.objects.of_cycle(scope.single)
        found = found.select_related("complaint", "cycle__structure")
        export.add(("improvements",), "registers/improvements.csv", _csv(tables.register(found)))
    models = {name: optional_model(*label) for name, label in _TRAINER_MODELS.items()}
    if None in models.values():
        return
    cycles = [d.cycle for d in scope.cycles]
    for trainer in freelance_trainers(scope):
        base = f"trainers/{slugify(trainer.get_full_name() or trainer.username)}-{trainer.pk}"
        key = ("trainer", trainer.pk)
        if cv := models["cv"].objects.filter(trainer=trainer).order_by("-dated", "-pk").first():
            export.add(key, f"{base}/cv-{cv.dated:%Y-%m-%d}.pdf", bytes(cv.pdf))
        trainings = models["training"].objects.filter(trainer=trainer).select_related("trainer")
        export.add(key, f"{base}/continuing-education.csv", _csv(tables.register(trainings)))
        evaluations = models["evaluation"].objects.filter(trainer=trainer, cycle__in=cycles)
        evaluations = evaluations.select_related("trainer", "cycle__structure", "by")
        export.add(key, f"{base}/evaluations.csv", _csv(tables.register(evaluations)))
        for agreement in models["agreement"].objects.filter(trainer=trainer):
            export.add(
                ("agreement", agreement.pk),
                f"{base}/agreement-{agreement.valid_from:%Y-%m-%d}-{agreement.pk}.pdf",
                bytes(agreement.pdf),
            )


_TRAINER_MODELS = {"cv": CV, "training": TRAINING, "evaluation": EVALUATION, "agreement": AGREEMENT}


def _csv(rows: list[list]) -> bytes:
    return tables.csv_bytes(rows)


def scope_label(scope: Scope) -> str:
    if scope.is_period:
        return _("from %(start)s to %(end)s") % {
            "start": formats.date_format(scope.start, "j F Y"),
            "end": formats.date_format(scope.end, "j F Y"),
        }
    return str(scope.single)


def build(scope: Scope, *, base_url: str, name: str) -> bytes:
    """The ZIP of the scope's evidence, its files in the folder `name`."""
    now = scope.now
    export = Export(scope, now)
    for version in scope.versions():
        path = f"programmes/{version.programme.slug}-version-{version.number}.pdf"
        export.add(("programme", version.pk), path, programme_pdf(version, now=now))
    for data in scope.cycles:
        _documents(export, data, base_url)
        _tables(export, data)
    _registers(export, scope)
    rows = collect(scope)
    for row in rows:
        row.exported = [(link, export.resolve(link.export)) for link in row.evidence]
    index = render_to_string(
        "quality/audit/index.html",
        {
            "scope": scope,
            "label": scope_label(scope),
            "rows": rows,
            "organisation": scope.organisation,
            "cycles": [(d, folder(d)) for d in scope.cycles],
            "refused": export.refused,
            "files": list(export.files),
            "now": now,
        },
    )
    buffer = io.BytesIO()
    stamp = timezone.localtime(now).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(f"{name}/index.html", date_time=stamp), index)
        for path, content in export.files.items():
            # PDFs are compressed already: stored as they are, the rest deflated.
            method = zipfile.ZIP_STORED if path.endswith(".pdf") else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(f"{name}/{path}", date_time=stamp)
            info.compress_type = method
            archive.writestr(info, content)
    return buffer.getvalue()


def cycle_export(cycle, *, base_url: str, now=None) -> tuple[str, bytes]:
    """(file name, ZIP) of a cycle's evidence."""
    name = f"audit-{dossier.name(cycle).removeprefix('dossier-')}"
    return name, build(Scope.of_cycle(cycle, now), base_url=base_url, name=name)


def period_export(start, end, *, base_url: str, now=None) -> tuple[str, bytes]:
    """(file name, ZIP) of the evidence of every cycle of the period."""
    name = f"audit-{start:%Y-%m-%d}-{end:%Y-%m-%d}"
    return name, build(Scope.of_period(start, end, now), base_url=base_url, name=name)
