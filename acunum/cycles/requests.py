"""A structure's request, from the public programme page to a cycle in status "request".

The request is where Qualiopi indicator 4 (analysis of the need) begins: what the structure
wrote is kept as received in the cycle's NeedsAnalysis, and the trainer completes it after
talking with the structure. Receiving a request is one transaction: the structure (found by its
SIRET, or created), the cycle, the analysis and the two emails (to the OF's administrators, and
the acknowledgement to the requester) are all stored, or nothing is.

Spam is refused without storing anything: the honeypot field (request_forms.HONEYPOT), and at
most REQUESTS_PER_HOUR requests from one address in an hour, counted from the requests stored
(only a keyed digest of the address is kept, never the address).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from acunum.accounts.models import Organisation, Referent, User
from acunum.cycles.models import Cycle, NeedsAnalysis, Structure
from acunum.outbox.models import Message
from acunum.programmes.models import Programme, ProgrammeVersion

REQUESTS_PER_HOUR = 5

# What the form's cleaned data gives the analysis, field for field.
REQUEST_FIELDS = (
    "structure_name",
    "structure_kind",
    "structure_kind_other",
    "siret",
    "city",
    "funder_kind",
    "funder_name",
    "contact_name",
    "contact_email",
    "contact_phone",
    "trainee_count",
    "trainee_profiles",
    "context",
    "disability",
    "disability_needs",
    "preferred_periods",
)


class TooManyRequests(Exception):
    pass


def client_address(request) -> str:
    """The address the server saw, not what a proxy (or anyone) wrote in X-Forwarded-For."""
    return request.META.get("REMOTE_ADDR") or ""


def client_digest(address: str) -> str:
    return salted_hmac("acunum.request-client", address, algorithm="sha256").hexdigest()


def over_the_limit(address: str, now=None) -> bool:
    since = (now or timezone.now()) - timedelta(hours=1)
    recent = NeedsAnalysis.objects.filter(
        client_digest=client_digest(address), received_at__gt=since
    )
    return recent.count() >= REQUESTS_PER_HOUR


def receive(data: dict, version: ProgrammeVersion, address: str, now=None) -> NeedsAnalysis:
    """Store the request (the form's cleaned data) and queue its two emails; returns its
    analysis. Raises TooManyRequests, storing nothing, past the limit for this address."""
    now = now or timezone.now()
    with transaction.atomic():
        # Requests for a programme queue up on its row, so that of two sent at once from one
        # address, the second counts the first: the limit holds exactly. Requests are rare, so
        # the queue costs nothing. (On SQLite, the write transaction already queues them.)
        list(Programme.objects.select_for_update().filter(pk=version.programme_id).values("pk"))
        if over_the_limit(address, now):
            raise TooManyRequests
        structure, created = find_or_create_structure(data)
        cycle = Cycle.objects.create(
            programme_version=version, structure=structure, status=Cycle.Status.REQUEST
        )
        analysis = NeedsAnalysis(
            cycle=cycle,
            received_at=now,
            consent_at=now,
            client_digest=client_digest(address),
            **{name: data[name] for name in REQUEST_FIELDS},
        )
        analysis.full_clean()
        analysis.save()
        notify(analysis, known_structure=not created)
    return analysis


def find_or_create_structure(data: dict) -> tuple[Structure, bool]:
    """(structure, created): the structure with this SIRET if the OF knows it (left as the OF
    recorded it: the request's own words are in the analysis), otherwise a new one from the
    request. Without a SIRET, a new one: two structures of one name may be two places."""
    if data["siret"]:
        known = Structure.objects.filter(siret=data["siret"]).order_by("pk").first()
        if known:
            return known, False
    structure = Structure(
        name=data["structure_name"],
        kind=data["structure_kind"],
        kind_other=(
            data["structure_kind_other"] if data["structure_kind"] == Structure.Kind.OTHER else ""
        ),
        siret=data["siret"],
        city=data["city"],
        funder_kind=data["funder_kind"],
        funder_name=data["funder_name"],
    )
    structure.full_clean()
    structure.save()
    return structure, True


def of_recipients() -> list[tuple[str, str]]:
    """(key suffix, address) of each active OF administrator with an email; the organisation's
    own address when none has one, so that a request is never left unseen."""
    admins = (
        User.objects.filter(Q(role=User.Role.ADMIN) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    recipients = [(f"of:{user.pk}", user.email) for user in admins]
    if not recipients and (organisation := Organisation.current()) and organisation.email:
        recipients = [("of:organisation", organisation.email)]
    return recipients


def notify(analysis: NeedsAnalysis, *, known_structure: bool = False) -> list[Message]:
    """Queue the new request's emails: one to each OF administrator, with a link to the needs
    analysis, and the acknowledgement to the requester, with a copy of what they wrote. The
    keys name the cycle: calling this twice queues nothing new."""
    cycle = analysis.cycle
    organisation = Organisation.current()
    disability = organisation.referent(Referent.Role.DISABILITY) if organisation else None
    context = {
        "a": analysis,
        "cycle": cycle,
        "programme": cycle.programme_version.data,
        "organisation": organisation,
        "disability_referent": disability,
        "known_structure": known_structure,
        "link": settings.SITE_URL + reverse("cycles:needs", args=[cycle.code]),
    }
    # The emails are in French like every message of the outbox, whatever the language of the
    # page the request was sent from (dates included).
    with translation.override("fr"):
        to_of = _render("request-received", context)
        acknowledgement = _render("request-acknowledgement", context)
    messages = [
        Message.objects.enqueue(
            f"request:{cycle.pk}:{suffix}",
            to=address,
            kind=Message.Kind.OTHER,
            cycle=cycle,
            **to_of,
        )
        for suffix, address in of_recipients()
    ]
    messages.append(
        Message.objects.enqueue(
            f"request:{cycle.pk}:acknowledgement",
            to=analysis.contact_email,
            kind=Message.Kind.OTHER,
            cycle=cycle,
            **acknowledgement,
        )
    )
    return messages


def _render(name: str, context: dict) -> dict:
    subject = render_to_string(f"cycles/emails/{name}-subject.txt", context)
    return {
        "subject": " ".join(subject.split()),
        "body": render_to_string(f"cycles/emails/{name}-body.txt", context).strip() + "\n",
    }
