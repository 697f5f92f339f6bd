"""Import trainees from a CSV file: all rows or none, and every bad row named with its line."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from acunum.cycles.models import Cycle, Enrolment, EnrolmentRefused, Trainee

# Header names people actually type, folded (lower case, no accents, no punctuation).
COLUMNS = {
    "last_name": {"nom", "nom de famille", "last name", "lastname", "surname"},
    "first_name": {"prenom", "first name", "firstname"},
    "email": {"email", "e mail", "mail", "courriel", "adresse email", "adresse mail"},
    "phone": {"telephone", "tel", "phone", "portable", "mobile"},
    "job": {"fonction", "poste", "metier", "job"},
    "status": {"statut", "status"},
    "accessibility_needs": {
        "besoins d accessibilite",
        "besoins daccessibilite",
        "accessibilite",
        "besoins",
        "amenagements",
        "accessibility needs",
        "accessibility",
    },
}
REQUIRED = ["last_name", "first_name", "email", "job", "status"]
STATUSES = {
    "salarie": Trainee.Status.EMPLOYEE,
    "salariee": Trainee.Status.EMPLOYEE,
    "employee": Trainee.Status.EMPLOYEE,
    "benevole": Trainee.Status.VOLUNTEER,
    "volunteer": Trainee.Status.VOLUNTEER,
}
MAX_BYTES = 1_000_000


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return " ".join(cleaned.split())


@dataclass
class RowError:
    line: int | None  # None: the file as a whole
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    enrolments: list[Enrolment]
    errors: list[RowError]


def _label(field: str) -> str:
    return str(Trainee._meta.get_field(field).verbose_name)


def _decode(raw: bytes) -> tuple[str | None, RowError | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, RowError(
            line,
            _("the file is not in UTF-8. In your spreadsheet, save it as “CSV UTF-8”."),
        )


def _header(first_line: str) -> tuple[csv.Dialect | None, dict[int, str], list[RowError]]:
    counts = {sep: first_line.count(sep) for sep in ";,\t"}
    separator = max(counts, key=counts.get)
    if counts[separator] == 0:
        return (
            None,
            {},
            [
                RowError(
                    1,
                    _("no separator found: separate columns with a semicolon (;) or a comma (,)."),
                )
            ],
        )

    class Dialect(csv.excel):
        delimiter = separator

    names = next(csv.reader([first_line], Dialect))
    columns: dict[int, str] = {}
    errors = []
    for position, name in enumerate(names):
        key = next((k for k, aliases in COLUMNS.items() if fold(name) in aliases), None)
        if key is None:
            errors.append(RowError(1, _("unknown column “%(name)s”.") % {"name": name.strip()}))
        elif key in columns.values():
            errors.append(
                RowError(1, _("column “%(name)s” appears twice.") % {"name": name.strip()})
            )
        else:
            columns[position] = key
    missing = [f for f in REQUIRED if f not in columns.values()]
    if missing:
        errors.append(
            RowError(
                1,
                _("missing columns: %(names)s.") % {"names": ", ".join(_label(f) for f in missing)},
            )
        )
    return Dialect, columns, errors


def parse(raw: bytes, cycle: Cycle) -> tuple[list[Trainee], list[RowError]]:
    """Check every row; return the trainees to create (unsaved) and every problem found."""
    if len(raw) > MAX_BYTES:
        return [], [RowError(None, _("The file is larger than 1 MB: is it the right file?"))]
    text, error = _decode(raw)
    if error:
        return [], [error]
    # One kind of line end, so that a line number means the same in every spreadsheet.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first, _end, body = text.partition("\n")
    if not first.strip():
        return [], [RowError(None, _("The file is empty."))]
    dialect, columns, errors = _header(first)
    if errors:
        return [], errors

    already = {e.lower() for e in cycle.enrolments.values_list("trainee__email", flat=True)}
    free = cycle.max_trainees - cycle.enrolments.count()
    seen: dict[str, int] = {}
    trainees: list[Trainee] = []
    # The reader gets the text itself, not a list of lines: a quoted cell may hold a line break
    # (accessibility needs often do), and line numbers must stay those the spreadsheet shows.
    reader = csv.reader(io.StringIO(body, newline=""), dialect)
    lines_read = 0
    for row in reader:
        number = lines_read + 2  # The header is line 1; this row starts on the next line.
        lines_read = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # Spreadsheets leave blank lines at the end.
        others = [sep for sep in ";,\t" if sep != dialect.delimiter and sep in row[0]]
        if len(row) == 1 and len(columns) > 1 and others:
            errors.append(
                RowError(
                    number,
                    _("1 column instead of %(expected)s: check the separator.")
                    % {"expected": len(columns)},
                )
            )
            continue
        if len(row) > len(columns) and any(c.strip() for c in row[len(columns) :]):
            errors.append(
                RowError(
                    number,
                    _("%(n)s columns instead of %(expected)s: check the separator.")
                    % {"n": len(row), "expected": len(columns)},
                )
            )
            continue
        values = {key: (row[i].strip() if i < len(row) else "") for i, key in columns.items()}
        row_errors = []
        for field in REQUIRED:
            if not values.get(field):
                row_errors.append(_("%(field)s is missing") % {"field": _label(field)})
        email = values.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row_errors.append(_("“%(email)s” is not a valid email address") % {"email": email})
            else:
                if email in already:
                    row_errors.append(
                        _("%(email)s is already enrolled in this cycle") % {"email": email}
                    )
                elif email in seen:
                    row_errors.append(
                        _("%(email)s already appears on line %(line)s")
                        % {"email": email, "line": seen[email]}
                    )
                seen.setdefault(email, number)
        status = values.get("status", "")
        if status and fold(status).replace(" ", "") not in STATUSES:
            row_errors.append(
                _("status “%(value)s” is neither “salarié” nor “bénévole”") % {"value": status}
            )
        for field in ("last_name", "first_name", "email", "job", "phone"):
            limit = Trainee._meta.get_field(field).max_length
            if len(values.get(field, "")) > limit:
                row_errors.append(
                    _("%(field)s is longer than %(max)s characters")
                    % {"field": _label(field), "max": limit}
                )
        if not row_errors and len(trainees) >= free:
            row_errors.append(
                _("the cycle would be over its limit of %(max)s trainees")
                % {"max": cycle.max_trainees}
            )
        if row_errors:
            errors.append(RowError(number, " ; ".join(row_errors) + "."))
            continue
        trainees.append(
            Trainee(
                structure=cycle.structure,
                last_name=values["last_name"],
                first_name=values["first_name"],
                email=email,
                phone=values.get("phone", ""),
                job=values["job"],
                status=STATUSES[fold(status).replace(" ", "")],
                accessibility_needs=values.get("accessibility_needs", ""),
            )
        )
    if not trainees and not errors:
        errors.append(RowError(None, _("The file has a header but no trainee.")))
    return trainees, errors


def import_trainees(raw: bytes, cycle: Cycle) -> ImportResult:
    trainees, errors = parse(raw, cycle)
    if errors:
        return ImportResult([], errors)
    try:
        with transaction.atomic():
            enrolments = []
            for trainee in trainees:
                trainee.save()
                enrolments.append(Enrolment.objects.enrol(cycle, trainee))
    except EnrolmentRefused as refused:
        # Someone enrolled trainees while this file was being read: nothing was imported.
        return ImportResult([], [RowError(None, str(refused))])
    return ImportResult(enrolments, [])
