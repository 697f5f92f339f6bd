"""The cycle's outbox, for those who run the cycle: every email, its status and its proof.

Every view checks access first: the OF's admins and the cycle's own trainers (the structure's
contact does not read the trainees' emails).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from acunum.attendance.views.cards import link_base
from acunum.cycles.access import get_rw_cycle_for_user
from acunum.documents.sheets import Incomplete
from acunum.outbox import convocations
from acunum.outbox.models import Message
from acunum.outbox.sending import mail_configured

# Messages whose link a trainer may hand out in the room while no email can be sent.
WITH_LINKS = [Message.Kind.CONVOCATION, Message.Kind.INVITATION, Message.Kind.REMINDER]


def _message_for_user(request, code, message_code) -> tuple:
    cycle = get_rw_cycle_for_user(request, code)
    message = get_object_or_404(cycle.messages.all(), code=message_code)
    return cycle, message


def _outbox_url(cycle) -> str:
    return reverse("outbox:cycle", args=[cycle.code])


@login_required
@require_GET
def cycle_outbox(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    configured = mail_configured()
    rows = list(cycle.messages.select_related("enrolment__trainee").order_by("-created_at", "-pk"))
    base = link_base(request)
    for message in rows:
        message.hand_out = (
            message.links(base)
            if not configured
            and message.status == Message.Status.PENDING
            and message.kind in WITH_LINKS
            else []
        )
    context = {"cycle": cycle, "rows": rows, "configured": configured, "nav": "dashboard"}
    return render(request, "outbox/cycle_outbox.html", context)


@login_required
@require_GET
def message_detail(request, code, message: str):
    cycle, message = _message_for_user(request, code, message)
    context = {
        "cycle": cycle,
        "message": message,
        "attachments": list(message.attachments.defer("content")),
        "links": message.links(link_base(request)) if message.kind in WITH_LINKS else [],
        "configured": mail_configured(),
        "nav": "dashboard",
    }
    return render(request, "outbox/message.html", context)


@login_required
@require_GET
def attachment(request, code, message: str, position: int):
    _cycle, message = _message_for_user(request, code, message)
    attached = get_object_or_404(message.attachments.all(), position=position)
    response = HttpResponse(bytes(attached.content), content_type=attached.mimetype)
    # The exact bytes that were sent, under the name they were sent with.
    response["Content-Disposition"] = content_disposition_header(True, attached.filename)
    return response


@login_required
@require_POST
def send_convocations(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    try:
        queued = convocations.send_convocations(cycle)
    except Incomplete as e:
        return _refused(request, cycle, e.missing)
    if queued.added:
        messages.success(
            request,
            ngettext(
                "%(n)s convocation added to the outbox.",
                "%(n)s convocations added to the outbox.",
                len(queued.added),
            )
            % {"n": len(queued.added)},
        )
    if queued.already:
        messages.info(
            request,
            ngettext(
                "%(n)s trainee already has their convocation in the outbox: “Send again” sends "
                "it once more.",
                "%(n)s trainees already have their convocation in the outbox: “Send again” "
                "sends it once more.",
                queued.already,
            )
            % {"n": queued.already},
        )
    if not queued.added and not queued.already:
        messages.info(request, _("No trainee is enrolled yet."))
    return redirect(_outbox_url(cycle))


@login_required
@require_POST
def resend_convocation(request, code, seat: int):
    cycle = get_rw_cycle_for_user(request, code)
    enrolment = get_object_or_404(cycle.enrolments.select_related("trainee"), seat=seat)
    enrolment.cycle = cycle
    try:
        _message, added = convocations.resend_convocation(enrolment)
    except Incomplete as e:
        return _refused(request, cycle, e.missing)
    if added:
        text = _("The convocation of %(name)s was added to the outbox.")
    else:
        text = _("The convocation of %(name)s is already waiting to be sent.")
    messages.success(request, text % {"name": enrolment.trainee})
    return redirect(_outbox_url(cycle))


def _refused(request, cycle, missing: list[str]):
    """Nothing was enqueued: what to fill in first, and where (answered like a form with
    errors, whose page is shown again with them)."""
    context = {"cycle": cycle, "missing": missing, "nav": "dashboard"}
    return render(request, "outbox/convocations_incomplete.html", context)
