"""Every URL of the project, requested by every role: refused wherever the role has no business.

The harness walks the project's URL configuration and needs one row per named URL in `ACCESS`:
how to build the URL's arguments from the BaseTestCase world, which roles may GET it, which may
POST to it, and what to POST. A URL without a row fails the suite, so a view cannot be added
without saying who may use it. Later issues add rows here; they do not write new harnesses.

Refusal is a 403 or a 404, a redirect to the login page for someone with no login, or a 405 when
nobody may use that method at all; a refused request must leave the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from acunum.cycles.models import Cycle
from acunum.test import BaseTestCase, database_state, on_today, open_today
from tests.checklist import world as cl
from tests.complaints import world as complaints
from tests.cycles import requests_world
from tests.plans import world as plans
from tests.privacy import world as privacy
from tests.traces import world as traces
from tests.usages import world as usages
from tests.workshops import world as ws

ANONYMOUS = "anonymous"
# A client that knows Dominique's personal link and nothing else: it has opened her page.
TRAINEE = "trainee"
STAFF = frozenset({"alice", "bob", "charlie", "diane", "eve"})
EVERYONE = frozenset({ANONYMOUS, TRAINEE}) | STAFF
NOBODY: frozenset[str] = frozenset()
# The Passerelle cycle's readers: the OF's admin, its trainer, its structure's contact.
READERS = frozenset({"alice", "bob", "diane"})
# Those who may change it: the contact only reads.
WRITERS = frozenset({"alice", "bob"})
OF_ADMIN = frozenset({"alice"})


def no_kwargs(t: BaseTestCase) -> dict:
    return {}


def cycle_kwargs(t: BaseTestCase) -> dict:
    return {"code": t.cycle.code}


def slot_kwargs(t: BaseTestCase) -> dict:
    return {"code": t.cycle.code, "index": 1}


def todays_slot_kwargs(t: BaseTestCase) -> dict:
    """Slot 1, taking place today: signing opens only on a half-day's own day."""
    on_today(t.cycle.slots.get(index=1))
    return slot_kwargs(t)


def closed_slot_kwargs(t: BaseTestCase) -> dict:
    """Slot 1 signed, counter-signed and closed: its attendance sheet can be issued."""
    from acunum.attendance import signing
    from tests.attendance.test_core import drawn_signature

    slot = t.cycle.slots.get(index=1)
    window = open_today(slot, t.bob)
    signing.sign(t.dominique, slot, code=window.room_code(), strokes=drawn_signature())
    signing.counter_sign(slot, t.bob, strokes=drawn_signature())
    signing.close_window(window, t.bob)
    return slot_kwargs(t)


def agreement_kwargs(t: BaseTestCase) -> dict:
    """The Passerelle cycle's quote and agreement, with all they need filled in."""
    from tests.documents import test_agreement

    return test_agreement.agreement_kwargs(t)


def convocation_kwargs(t: BaseTestCase) -> dict:
    """Dominique's convocation, of a cycle with its place, access and what to bring."""
    from tests.documents import test_convocation

    return test_convocation.convocation_kwargs(t)


def outbox_message_kwargs(t: BaseTestCase) -> dict:
    """Dominique's convocation waiting in the Passerelle's outbox."""
    from tests.outbox import world

    return world.message_kwargs(t)


def outbox_attachment_kwargs(t: BaseTestCase) -> dict:
    from tests.outbox import world

    return world.attachment_kwargs(t)


def dossier_kwargs(t: BaseTestCase) -> dict:
    """The cycle trained to its end, with everything every document needs."""
    from tests.documents import test_certificate, test_dossier

    test_certificate.finish_cycle(t)
    test_dossier.fill_in_everything(t)
    return {"code": t.cycle.code}


def certificate_kwargs(t: BaseTestCase) -> dict:
    """Dominique's certificate of completion, of the cycle trained to its end."""
    from tests.documents import test_certificate

    return test_certificate.certificate_kwargs(t)


def no_data(t: BaseTestCase) -> dict:
    return {}


def paper_sheet_kwargs(t: BaseTestCase) -> dict:
    """Slot 1 with the scan of its signed paper sheet uploaded."""
    from acunum.attendance import paper
    from tests.attendance.test_paper import scan_png

    sheet = paper.upload_sheet(t.cycle.slots.get(index=1), scan_png(), t.bob)
    return {**slot_kwargs(t), "sheet": sheet.pk}


def paper_scan_data(t: BaseTestCase) -> dict:
    from tests.attendance.test_paper import scan_png

    return {"scan": SimpleUploadedFile("feuille.png", scan_png(), "image/png")}


def paper_entries_data(t: BaseTestCase) -> dict:
    sheet = t.cycle.slots.get(index=1).paper_sheets.get()
    return {"sheet": sheet.pk, "seats": [t.dominique.seat]}


def questionnaire_kwargs(t: BaseTestCase) -> dict:
    """Dominique's link to the hot satisfaction, open: the last half-day was yesterday."""
    from tests.evaluation.world import training_ended

    training_ended(t.cycle)
    return {"token": t.dominique_token, "slug": "satisfaction-chaud"}


def questionnaire_data(t: BaseTestCase) -> dict:
    from tests.evaluation.world import HOT_ANSWERS

    return HOT_ANSWERS


def staff_questionnaire_kwargs(t: BaseTestCase) -> dict:
    """The structure's satisfaction, open since the end of the last half-day, yesterday."""
    from tests.evaluation.world import training_ended

    training_ended(t.cycle)
    return {"code": t.cycle.code, "slug": "satisfaction-commanditaire"}


def staff_questionnaire_data(t: BaseTestCase) -> dict:
    from tests.evaluation.world import SPONSOR_ANSWERS

    return SPONSOR_ANSWERS


def assessments_kwargs(t: BaseTestCase) -> dict:
    from tests.evaluation.world import training_ended

    training_ended(t.cycle)
    return {"code": t.cycle.code, "slug": "evaluation-acquis-formateur"}


def assess_kwargs(t: BaseTestCase) -> dict:
    return {**assessments_kwargs(t), "seat": t.dominique.seat}


def assess_data(t: BaseTestCase) -> dict:
    from tests.evaluation.world import TRAINER_ANSWERS

    return TRAINER_ANSWERS


@dataclass(frozen=True)
class Access:
    # May create what the URL names: it runs before the database is compared.
    kwargs: Callable[[BaseTestCase], dict]
    get: frozenset[str]
    post: frozenset[str]
    # Valid data: a POST by an allowed role changes the database when `post_changes` is true,
    # which proves that a refused POST with the same data was refused and not merely invalid.
    data: Callable[[BaseTestCase], dict] = field(default=no_data)
    post_changes: bool = False
    # Logging out ends on the login page: for that row, a redirect there is not a refusal.
    ends_on_login: bool = False


def cycle_form_data(t: BaseTestCase) -> dict:
    return {
        "programme": t.version.programme_id,
        "structure": t.structure.pk,
        "trainers": [t.bob.pk],
        "place": "Salle du conseil",
        "price": "4200",
    }


def schedule_data(t: BaseTestCase) -> dict:
    return {
        "start": "2026-03-02",
        "weekdays": [0, 1, 2, 3, 4],
        "max_days_per_week": 2,
        "weeks_between_parts": 2,
        "half_day": "morning",
        "morning_start": "09:00",
        "afternoon_start": "13:30",
    }


def slot_data(t: BaseTestCase) -> dict:
    slot = t.cycle.slots.get(index=1)
    return {"date": slot.date.isoformat(), "start": "09:15", "end": "12:45"}


def trainee_data(t: BaseTestCase) -> dict:
    return {
        "last_name": "Nouvel",
        "first_name": "Noa",
        "email": "noa@example.org",
        "job": "Animatrice",
        "status": "employee",
    }


def import_data(t: BaseTestCase) -> dict:
    csv = "nom;prénom;email;fonction;statut\nNouvel;Noa;noa@example.org;Animatrice;salariée\n"
    return {"file": SimpleUploadedFile("stagiaires.csv", csv.encode(), "text/csv")}


ACCESS: dict[str, Access] = {
    # Public pages: the programme must be readable by anyone, with or without a login.
    "programmes:home": Access(no_kwargs, get=EVERYONE, post=NOBODY),
    "programmes:public": Access(lambda t: {"slug": "acunum"}, get=EVERYONE, post=NOBODY),
    "programmes:public-version": Access(
        lambda t: {"slug": "acunum", "number": t.version.number}, get=EVERYONE, post=NOBODY
    ),
    # Logging in and out is open to everyone; a wrong password changes nothing.
    "accounts:login": Access(
        no_kwargs,
        get=EVERYONE,
        post=EVERYONE,
        data=lambda t: {"username": "bob", "password": "not-the-password"},
    ),
    "accounts:logout": Access(no_kwargs, get=NOBODY, post=EVERYONE, ends_on_login=True),
    # Staff pages.
    "cycles:dashboard": Access(no_kwargs, get=STAFF, post=NOBODY),
    "cycles:new": Access(
        no_kwargs, get=OF_ADMIN, post=OF_ADMIN, data=cycle_form_data, post_changes=True
    ),
    "cycles:detail": Access(cycle_kwargs, get=READERS, post=NOBODY),
    "cycles:edit": Access(
        cycle_kwargs, get=OF_ADMIN, post=OF_ADMIN, data=cycle_form_data, post_changes=True
    ),
    "cycles:status": Access(
        cycle_kwargs,
        get=NOBODY,
        post=WRITERS,
        data=lambda t: {"status": Cycle.Status.QUOTED},
        post_changes=True,
    ),
    "cycles:schedule": Access(
        cycle_kwargs, get=WRITERS, post=WRITERS, data=schedule_data, post_changes=True
    ),
    "cycles:slot-edit": Access(
        lambda t: {"code": t.cycle.code, "index": 1},
        get=WRITERS,
        post=WRITERS,
        data=slot_data,
        post_changes=True,
    ),
    "cycles:calendar": Access(cycle_kwargs, get=READERS, post=NOBODY),
    "cycles:trainee-add": Access(
        cycle_kwargs, get=WRITERS, post=WRITERS, data=trainee_data, post_changes=True
    ),
    "cycles:trainee-import": Access(
        cycle_kwargs, get=WRITERS, post=WRITERS, data=import_data, post_changes=True
    ),
    "cycles:trainee-remove": Access(
        lambda t: {"code": t.cycle.code, "seat": t.dominique.seat},
        get=NOBODY,
        post=WRITERS,
        post_changes=True,
    ),
    # The personal link is the trainee's credential: whoever holds it sees that enrolment only
    # (see TraineeLinkTests below).
    "cycles:trainee-home": Access(
        lambda t: {"token": t.dominique_token}, get=EVERYONE, post=NOBODY
    ),
    # A structure's request (tests/cycles/test_requests.py): the form and its thanks page are
    # public, with or without a login; the needs analysis is for those who run the cycle.
    "cycles:request": Access(
        lambda t: {"slug": "acunum"},
        get=EVERYONE,
        post=EVERYONE,
        data=lambda t: requests_world.request_data(),
        post_changes=True,
    ),
    "cycles:request-sent": Access(lambda t: {"slug": "acunum"}, get=EVERYONE, post=NOBODY),
    "cycles:needs": Access(
        cycle_kwargs,
        get=WRITERS,
        post=WRITERS,
        data=lambda t: requests_world.COMPLETION,
        post_changes=True,
    ),
    # The trainer's side of attendance: those who run the cycle; the contact reads the summary
    # on the cycle page only. Nothing is open in this world, so marks are refused (and answered
    # with a message); a correction needs no open window.
    "attendance:board": Access(slot_kwargs, get=WRITERS, post=NOBODY),
    "attendance:projector": Access(slot_kwargs, get=WRITERS, post=NOBODY),
    "attendance:room-code": Access(slot_kwargs, get=WRITERS, post=NOBODY),
    "attendance:open": Access(todays_slot_kwargs, get=NOBODY, post=WRITERS, post_changes=True),
    "attendance:close": Access(slot_kwargs, get=NOBODY, post=WRITERS),
    "attendance:absence": Access(
        slot_kwargs,
        get=NOBODY,
        post=WRITERS,
        data=lambda t: {"seat": t.dominique.seat, "excused": "no"},
    ),
    "attendance:time": Access(
        slot_kwargs,
        get=NOBODY,
        post=WRITERS,
        data=lambda t: {"seat": t.dominique.seat, "kind": "late_arrival", "at": "10:00"},
    ),
    "attendance:counter-sign": Access(slot_kwargs, get=NOBODY, post=WRITERS),
    # The trainee's personal link is the credential for signing, as for the trainee's home page:
    # whoever holds it may try; without an open window and a room code, the POST is refused on
    # the page (see tests/attendance/test_sign_view.py).
    "attendance:sign": Access(
        lambda t: {"token": t.dominique_token, "index": 1}, get=EVERYONE, post=EVERYONE
    ),
    "attendance:kiosk": Access(slot_kwargs, get=WRITERS, post=WRITERS),
    # Replacing a trainee's link (printing cards prints the links they already have).
    "attendance:cards": Access(
        cycle_kwargs,
        get=WRITERS,
        post=WRITERS,
        data=lambda t: {"seat": t.dominique.seat, "action": "replace"},
        post_changes=True,
    ),
    # The paper fallback: those who run the cycle print the sheet, upload its scan, enter it.
    "attendance:paper": Access(
        slot_kwargs, get=WRITERS, post=WRITERS, data=paper_scan_data, post_changes=True
    ),
    "attendance:paper-entries": Access(
        lambda t: {k: v for k, v in paper_sheet_kwargs(t).items() if k != "sheet"},
        get=NOBODY,
        post=WRITERS,
        data=paper_entries_data,
        post_changes=True,
    ),
    "attendance:paper-scan": Access(paper_sheet_kwargs, get=WRITERS, post=NOBODY),
    "documents:attendance-sheet": Access(closed_slot_kwargs, get=READERS, post=NOBODY),
    "documents:completion-certificate": Access(certificate_kwargs, get=READERS, post=NOBODY),
    "documents:attestation": Access(certificate_kwargs, get=READERS, post=NOBODY),
    "documents:attendance-record": Access(certificate_kwargs, get=READERS, post=NOBODY),
    "documents:quote": Access(agreement_kwargs, get=READERS, post=NOBODY),
    "documents:agreement": Access(agreement_kwargs, get=READERS, post=NOBODY),
    "documents:convocation": Access(convocation_kwargs, get=READERS, post=NOBODY),
    "documents:dossier": Access(dossier_kwargs, get=READERS, post=NOBODY),
    # The programme's PDF is public, as its page is.
    "documents:programme-pdf": Access(lambda t: {"slug": "acunum"}, get=EVERYONE, post=NOBODY),
    "documents:programme-version-pdf": Access(
        lambda t: {"slug": "acunum", "number": t.version.number}, get=EVERYONE, post=NOBODY
    ),
    "attendance:correction": Access(
        slot_kwargs,
        get=WRITERS,
        post=WRITERS,
        data=lambda t: {
            "seat": t.dominique.seat,
            "status": "absent",
            "excused": "no",
            "why": "Absente toute la matinée, signalé par la structure",
        },
        post_changes=True,
    ),
    # The outbox (acunum/outbox): those who run the cycle read its emails and send the
    # convocations; the structure's contact does not read the trainees' emails.
    "outbox:cycle": Access(cycle_kwargs, get=WRITERS, post=NOBODY),
    "outbox:message": Access(outbox_message_kwargs, get=WRITERS, post=NOBODY),
    "outbox:attachment": Access(outbox_attachment_kwargs, get=WRITERS, post=NOBODY),
    "outbox:send-convocations": Access(
        lambda t: {"code": convocation_kwargs(t)["code"]},
        get=NOBODY,
        post=WRITERS,
        post_changes=True,
    ),
    "outbox:resend-convocation": Access(
        convocation_kwargs, get=NOBODY, post=WRITERS, post_changes=True
    ),
    # Questionnaires (acunum/evaluation). The personal link is the trainee's credential, as for
    # signing: whoever holds it answers for her, once (see tests/evaluation/).
    "evaluation:trainee-answer": Access(
        questionnaire_kwargs,
        get=EVERYONE,
        post=EVERYONE,
        data=questionnaire_data,
        post_changes=True,
    ),
    "evaluation:trainee-thanks": Access(questionnaire_kwargs, get=EVERYONE, post=NOBODY),
    # The structure's satisfaction: its contacts only; the OF's admin reads, does not answer.
    "evaluation:staff-answer": Access(
        staff_questionnaire_kwargs,
        get=frozenset({"diane"}),
        post=frozenset({"diane"}),
        data=staff_questionnaire_data,
        post_changes=True,
    ),
    # The trainer's assessment of each trainee: the list for those who run the cycle, the
    # assessment by its trainers only.
    "evaluation:assessments": Access(assessments_kwargs, get=WRITERS, post=NOBODY),
    "evaluation:assess": Access(
        assess_kwargs,
        get=frozenset({"bob"}),
        post=frozenset({"bob"}),
        data=assess_data,
        post_changes=True,
    ),
    # The results of the cycle's questionnaires: its readers (the contact sees the group's
    # figures only, see tests/evaluation/test_results.py).
    "evaluation:results": Access(cycle_kwargs, get=READERS, post=NOBODY),
    # In-room activities (acunum/workshops): the trainer's pages, for those who run the cycle
    # (the contact does not see the group's contributions). Opening a day proposes its presets.
    "workshops:day": Access(ws.day_kwargs, get=WRITERS, post=NOBODY),
    "workshops:propose": Access(ws.day_kwargs, get=NOBODY, post=WRITERS, post_changes=True),
    "workshops:new": Access(
        ws.day_kwargs, get=WRITERS, post=WRITERS, data=ws.form_data, post_changes=True
    ),
    "workshops:activity": Access(ws.activity_kwargs, get=WRITERS, post=NOBODY),
    "workshops:edit": Access(
        ws.activity_kwargs, get=WRITERS, post=WRITERS, data=ws.form_data, post_changes=True
    ),
    "workshops:move": Access(
        ws.activity_kwargs, get=NOBODY, post=WRITERS, data=lambda t: {"direction": "up"}
    ),
    # Deleting: a closed activity (a running one is refused to everyone, tests/workshops).
    "workshops:delete": Access(
        ws.closed_activity_kwargs, get=WRITERS, post=WRITERS, post_changes=True
    ),
    "workshops:state": Access(
        ws.activity_kwargs,
        get=NOBODY,
        post=WRITERS,
        data=lambda t: {"state": "locked"},
        post_changes=True,
    ),
    "workshops:results": Access(
        ws.activity_kwargs,
        get=NOBODY,
        post=WRITERS,
        data=lambda t: {"shown": "1"},
        post_changes=True,
    ),
    "workshops:next-round": Access(ws.debate_kwargs, get=NOBODY, post=WRITERS, post_changes=True),
    "workshops:moderate": Access(
        ws.moderation_kwargs,
        get=NOBODY,
        post=WRITERS,
        data=ws.moderation_data,
        post_changes=True,
    ),
    # Ordering a post-it wall: a card moved to another column.
    "workshops:arrange": Access(
        ws.card_kwargs, get=NOBODY, post=WRITERS, data=ws.card_data, post_changes=True
    ),
    # Exports of an activity's result, and the cycle's mémoire collective (tests/workshops/
    # test_export_views.py). With a word sent: an empty mémoire is refused (409).
    "workshops:export-csv": Access(ws.activity_kwargs, get=WRITERS, post=NOBODY),
    "workshops:export-pdf": Access(ws.activity_kwargs, get=WRITERS, post=NOBODY),
    "workshops:export-png": Access(ws.activity_kwargs, get=WRITERS, post=NOBODY),
    "workshops:memory": Access(
        lambda t: {"code": ws.moderation_kwargs(t)["code"]}, get=WRITERS, post=NOBODY
    ),
    "workshops:projector": Access(ws.activity_kwargs, get=WRITERS, post=NOBODY),
    "workshops:live": Access(ws.activity_kwargs, get=WRITERS, post=NOBODY),
    # The participant's side: the personal link is the credential, as for signing; an activity's
    # code is shown to the room, so whoever has it may join with a pseudonym (see
    # tests/workshops/test_participant_views.py).
    "workshops:trainee-list": Access(
        lambda t: {"token": t.dominique_token}, get=EVERYONE, post=NOBODY
    ),
    "workshops:trainee-activity": Access(
        ws.trainee_activity_kwargs,
        get=EVERYONE,
        post=EVERYONE,
        data=ws.answer_data,
        post_changes=True,
    ),
    # What a phone asks every few seconds: no more than its page already shows.
    "workshops:trainee-list-watch": Access(
        lambda t: {"token": t.dominique_token}, get=EVERYONE, post=NOBODY
    ),
    "workshops:watch": Access(ws.join_activity_kwargs, get=EVERYONE, post=NOBODY),
    "workshops:join": Access(
        no_kwargs, get=EVERYONE, post=EVERYONE, data=lambda t: {"code": "ABC234"}
    ),
    # Choosing a pseudonym only writes the session.
    "workshops:join-activity": Access(
        ws.join_activity_kwargs,
        get=EVERYONE,
        post=EVERYONE,
        data=lambda t: {"pseudonym": "Zaza"},
    ),
    # The traces lab (acunum/traces): the personal link is the credential, as for signing; the
    # group's counts for those who run the cycle (tests/traces/).
    "traces:lab": Access(lambda t: {"token": t.dominique_token}, get=EVERYONE, post=NOBODY),
    "traces:compare": Access(
        traces.open_lab_kwargs,
        get=NOBODY,
        post=EVERYONE,
        data=traces.script_data,
        post_changes=True,
    ),
    "traces:forget": Access(traces.compared_kwargs, get=NOBODY, post=EVERYONE, post_changes=True),
    "traces:group": Access(cycle_kwargs, get=WRITERS, post=NOBODY),
    # "Bien régler son internet": the trainee's checklist by the personal link; the room's view
    # for those who run the cycle (the contact does not see who asks for help with what).
    "checklist:checklist": Access(cl.token_kwargs, get=EVERYONE, post=NOBODY),
    "checklist:equipment": Access(
        cl.token_kwargs,
        get=EVERYONE,
        post=EVERYONE,
        data=lambda t: {"browsers": ["firefox", "chrome"]},
        post_changes=True,
    ),
    "checklist:pdf": Access(cl.token_kwargs, get=EVERYONE, post=NOBODY),
    "checklist:mark": Access(
        cl.mark_kwargs,
        get=NOBODY,
        post=EVERYONE,
        data=lambda t: {"state": "done"},
        post_changes=True,
    ),
    "checklist:room": Access(cycle_kwargs, get=WRITERS, post=NOBODY),
    "checklist:room-watch": Access(cycle_kwargs, get=WRITERS, post=NOBODY),
    "checklist:helped": Access(cl.helped_kwargs, get=NOBODY, post=WRITERS, post_changes=True),
    # Requested usages (acunum/usages, tests/usages/): the personal link is the credential for
    # proposing, commenting and dots, as for signing; the board, merges and the themes of DJ3–DJ7
    # for those who run the cycle (the contact does not see who proposed what).
    "usages:proposals": Access(
        usages.token_kwargs,
        get=EVERYONE,
        post=EVERYONE,
        data=usages.proposal_data,
        post_changes=True,
    ),
    "usages:plan": Access(usages.token_kwargs, get=EVERYONE, post=NOBODY),
    "usages:proposal": Access(
        usages.proposal_kwargs,
        get=EVERYONE,
        post=EVERYONE,
        data=lambda t: {"text": "Oui, pour le club ado"},
        post_changes=True,
    ),
    "usages:place": Access(
        usages.proposal_kwargs,
        get=NOBODY,
        post=EVERYONE,
        data=lambda t: {"seen": "0"},
        post_changes=True,
    ),
    "usages:take-back": Access(
        usages.dotted_kwargs,
        get=NOBODY,
        post=EVERYONE,
        data=lambda t: {"seen": "1"},
        post_changes=True,
    ),
    "usages:board": Access(cycle_kwargs, get=WRITERS, post=NOBODY),
    "usages:opening": Access(
        cycle_kwargs, get=NOBODY, post=WRITERS, data=lambda t: {"opened": "1"}, post_changes=True
    ),
    "usages:comment": Access(
        usages.board_proposal_kwargs,
        get=NOBODY,
        post=WRITERS,
        data=lambda t: {"text": "Prévoir des micros"},
        post_changes=True,
    ),
    "usages:merge": Access(
        usages.merge_kwargs, get=NOBODY, post=WRITERS, data=usages.merge_data, post_changes=True
    ),
    "usages:theme": Access(
        usages.theme_kwargs,
        get=WRITERS,
        post=WRITERS,
        data=usages.theme_data,
        post_changes=True,
    ),
    "usages:theme-remove": Access(
        usages.themed_kwargs,
        get=NOBODY,
        post=WRITERS,
        data=usages.remove_data,
        post_changes=True,
    ),
    # Action plans and accompaniment (acunum/plans, tests/plans/): the trainee's plan by the
    # personal link; every trainee's plans and the synthesis for those who run the cycle; the
    # accompaniment page, the synthesis PDF and a commitment's status for every reader, the
    # structure's contact included (Eve, another structure's contact, is refused); meetings and
    # the closing review for those who run the cycle.
    "plans:trainee-plan": Access(
        plans.token_kwargs,
        get=EVERYONE,
        post=EVERYONE,
        data=lambda t: plans.form_data(),
        post_changes=True,
    ),
    "plans:trainee-pdf": Access(plans.planned_token_kwargs, get=EVERYONE, post=NOBODY),
    "plans:trainee-edit": Access(
        plans.commitment_kwargs,
        get=EVERYONE,
        post=EVERYONE,
        data=plans.rewrite_data,
        post_changes=True,
    ),
    "plans:trainee-remove": Access(
        plans.commitment_kwargs, get=NOBODY, post=EVERYONE, post_changes=True
    ),
    "plans:trainee-status": Access(
        plans.commitment_kwargs,
        get=NOBODY,
        post=EVERYONE,
        data=plans.trainee_status_data,
        post_changes=True,
    ),
    "plans:cycle-plans": Access(cycle_kwargs, get=WRITERS, post=NOBODY),
    "plans:synthesis": Access(
        plans.synthesis_kwargs,
        get=WRITERS,
        post=WRITERS,
        data=plans.synthesis_data,
        post_changes=True,
    ),
    "plans:synthesis-pdf": Access(plans.synthesis_kwargs, get=READERS, post=NOBODY),
    "plans:plan-pdf": Access(plans.plan_pdf_kwargs, get=WRITERS, post=NOBODY),
    "plans:accompaniment": Access(plans.accompaniment_kwargs, get=READERS, post=NOBODY),
    "plans:status": Access(
        plans.staff_status_kwargs,
        get=NOBODY,
        post=READERS,
        data=plans.staff_status_data,
        post_changes=True,
    ),
    "plans:meeting-new": Access(
        plans.accompaniment_kwargs,
        get=WRITERS,
        post=WRITERS,
        data=plans.meeting_data,
        post_changes=True,
    ),
    "plans:meeting-edit": Access(
        plans.meeting_kwargs,
        get=WRITERS,
        post=WRITERS,
        data=plans.changed_meeting_data,
        post_changes=True,
    ),
    "plans:review": Access(
        plans.accompaniment_kwargs,
        get=WRITERS,
        post=WRITERS,
        data=plans.review_data,
        post_changes=True,
    ),
    # Qualiopi evidence (acunum/quality, tests/quality/): a cycle's and its audit export for
    # those who run it (the contact does not see the trainees' named evidence); a period's, its
    # export and the yearly figures for the OF's administrator.
    "quality:cycle": Access(cycle_kwargs, get=WRITERS, post=NOBODY),
    "quality:cycle-export": Access(cycle_kwargs, get=WRITERS, post=NOBODY),
    "quality:period": Access(no_kwargs, get=OF_ADMIN, post=NOBODY),
    "quality:period-export": Access(no_kwargs, get=OF_ADMIN, post=NOBODY),
    "quality:yearly": Access(lambda t: {"year": 2026}, get=OF_ADMIN, post=NOBODY),
    "quality:yearly-csv": Access(lambda t: {"year": 2026}, get=OF_ADMIN, post=NOBODY),
    "quality:yearly-xlsx": Access(lambda t: {"year": 2026}, get=OF_ADMIN, post=NOBODY),
    # Trainers' files, complaints and improvements (acunum/complaints, tests/complaints/): the
    # OF's administrator keeps the files, Bob reads his own (and its PDFs), nobody else's; a
    # report is made from the trainee's link, or by any reader of the cycle; the administrator
    # lists and handles them all, and records the improvements.
    "complaints:trainer-list": Access(no_kwargs, get=OF_ADMIN, post=NOBODY),
    # Personal data (acunum/privacy, tests/privacy/): the OF's administrator alone finds a
    # person, reads what is held about them, exports it, erases it, and reads the audit log.
    "privacy:search": Access(no_kwargs, get=OF_ADMIN, post=NOBODY),
    "privacy:audit": Access(no_kwargs, get=OF_ADMIN, post=NOBODY),
    "privacy:trainee": Access(privacy.trainee_kwargs, get=OF_ADMIN, post=NOBODY),
    "privacy:export": Access(privacy.trainee_kwargs, get=NOBODY, post=OF_ADMIN, post_changes=True),
    "privacy:erase": Access(
        privacy.trainee_kwargs,
        get=OF_ADMIN,
        post=OF_ADMIN,
        data=privacy.erase_data,
        post_changes=True,
    ),
    "complaints:trainer": Access(
        complaints.bob_kwargs, get=frozenset({"alice", "bob"}), post=NOBODY
    ),
    "complaints:agreement-new": Access(
        complaints.bob_kwargs,
        get=OF_ADMIN,
        post=OF_ADMIN,
        data=complaints.agreement_data,
        post_changes=True,
    ),
    "complaints:agreement-pdf": Access(
        complaints.agreement_pdf_kwargs, get=frozenset({"alice", "bob"}), post=NOBODY
    ),
    "complaints:cv-new": Access(
        complaints.bob_kwargs,
        get=OF_ADMIN,
        post=OF_ADMIN,
        data=complaints.cv_data,
        post_changes=True,
    ),
    "complaints:cv-pdf": Access(
        complaints.cv_pdf_kwargs, get=frozenset({"alice", "bob"}), post=NOBODY
    ),
    "complaints:training-new": Access(
        complaints.bob_kwargs,
        get=OF_ADMIN,
        post=OF_ADMIN,
        data=complaints.training_data,
        post_changes=True,
    ),
    "complaints:evaluation-new": Access(
        complaints.evaluable_kwargs,
        get=OF_ADMIN,
        post=OF_ADMIN,
        data=complaints.evaluation_data,
        post_changes=True,
    ),
    "complaints:list": Access(no_kwargs, get=OF_ADMIN, post=NOBODY),
    "complaints:new": Access(
        no_kwargs,
        get=OF_ADMIN,
        post=OF_ADMIN,
        data=complaints.admin_complaint_data,
        post_changes=True,
    ),
    "complaints:detail": Access(
        complaints.complaint_kwargs,
        get=OF_ADMIN,
        post=OF_ADMIN,
        data=complaints.acknowledge_data,
        post_changes=True,
    ),
    "complaints:cycle": Access(
        cycle_kwargs,
        get=READERS,
        post=READERS,
        data=complaints.complaint_data,
        post_changes=True,
    ),
    "complaints:trainee": Access(
        lambda t: {"token": t.dominique_token},
        get=EVERYONE,
        post=EVERYONE,
        data=complaints.trainee_complaint_data,
        post_changes=True,
    ),
    "complaints:improvement-list": Access(no_kwargs, get=OF_ADMIN, post=NOBODY),
    "complaints:improvement-new": Access(
        no_kwargs,
        get=OF_ADMIN,
        post=OF_ADMIN,
        data=complaints.improvement_data,
        post_changes=True,
    ),
    "complaints:improvement-edit": Access(
        complaints.improvement_kwargs,
        get=OF_ADMIN,
        post=OF_ADMIN,
        data=complaints.improvement_done_data,
        post_changes=True,
    ),
}


def project_url_names(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every named URL pattern of the project, as "namespace:name"."""
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            # Django's admin has dozens of generated URLs; AdminAccessTests checks that it
            # refuses anyone who is not staff.
            if pattern.namespace == "admin":
                continue
            inner = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += project_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            # Django's language switch only sets a cookie and touches no data: open to all.
            if pattern.name == "set_language":
                continue
            if not pattern.name:
                raise AssertionError(
                    f"The URL pattern “{prefix}{pattern.pattern}” has no name: name it and give "
                    "it a row in tests/test_access.py ACCESS."
                )
            names.append(prefix + pattern.name)
    return names


def is_login_redirect(response, login_url: str) -> bool:
    return response.status_code == 302 and urlsplit(response["Location"]).path == login_url


class AccessTestCase(BaseTestCase):
    def act_as(self, role: str) -> None:
        if role == TRAINEE:
            home = reverse("cycles:trainee-home", args=[self.dominique_token])
            self.assertEqual(self.client.get(home).status_code, 200)
        elif role != ANONYMOUS:
            self.login(getattr(self, role))

    def request(self, name: str, method: str, kwargs: dict | None = None):
        row = ACCESS[name]
        url = reverse(name, kwargs=row.kwargs(self) if kwargs is None else kwargs)
        if method == "get":
            return url, self.client.get(url)
        return url, self.client.post(url, row.data(self))

    def check(self, name: str, role: str, method: str) -> None:
        if name not in ACCESS:
            self.fail(f"{name} has no row in tests/test_access.py ACCESS: say who may use it.")
        row = ACCESS[name]
        allowed = getattr(row, method)
        self.act_as(role)
        # Built first: a row's kwargs may create what its URL names (a paper sheet's scan).
        kwargs = row.kwargs(self)
        before = database_state()
        url, r = self.request(name, method, kwargs)
        what = f"{method.upper()} {url} ({name}) as {role}"
        login = reverse("accounts:login")
        if role in allowed:
            self.assertLess(r.status_code, 400, f"{what} should be allowed")
            if not row.ends_on_login:
                self.assertFalse(is_login_redirect(r, login), f"{what} should not ask for a login")
            if method == "post" and row.post_changes:
                self.assertNotEqual(
                    database_state(), before, f"{what} is allowed but changed nothing"
                )
            return
        refusals = {403, 404}
        if not allowed:
            refusals.add(405)  # Nobody may use this method here.
        refused = r.status_code in refusals or (
            role in (ANONYMOUS, TRAINEE) and is_login_redirect(r, login)
        )
        self.assertTrue(refused, f"{what} should be refused, got {r.status_code}")
        self.assertEqual(database_state(), before, f"{what} was refused but changed the database")


def _make_test(name: str, role: str, method: str):
    def test(self):
        self.check(name, role, method)

    return test


def _generate(cls):
    """One test per URL, role and method, named after them so a failure says which."""
    for name in sorted(set(project_url_names()) | set(ACCESS)):
        row = ACCESS.get(name)
        for method in ("get", "post"):
            for role in sorted(EVERYONE):
                verdict = "allowed" if row and role in getattr(row, method) else "refused"
                slug = name.replace(":", "_").replace("-", "_")
                test = _make_test(name, role, method)
                test.__name__ = f"test_{method}_{slug}_as_{role}_is_{verdict}"
                setattr(cls, test.__name__, test)
    return cls


@_generate
class UrlAccessTests(AccessTestCase):
    def test_every_project_url_has_an_access_row(self):
        names = set(project_url_names())
        self.assertEqual(
            sorted(names - set(ACCESS)), [], "URLs with no row in ACCESS: add one per URL"
        )
        self.assertEqual(
            sorted(set(ACCESS) - names), [], "rows in ACCESS for URLs that no longer exist"
        )

    def test_the_walk_finds_urls_inside_included_namespaces(self):
        names = project_url_names()
        self.assertIn("cycles:trainee-home", names)
        self.assertIn("programmes:public-version", names)
        self.assertNotIn("set_language", names)


class AdminAccessTests(BaseTestCase):
    def admin_urls(self, resolver: URLResolver | None = None) -> list[str]:
        """The admin's URLs that need no argument, except its own login and logout."""
        if resolver is None:
            resolver = next(
                p
                for p in get_resolver().url_patterns
                if isinstance(p, URLResolver) and p.namespace == "admin"
            )
        urls = []
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                urls += self.admin_urls(pattern)
            elif pattern.name and pattern.name not in ("login", "logout"):
                try:
                    urls.append(reverse(f"admin:{pattern.name}"))
                except NoReverseMatch:
                    continue  # Needs an object or an app label: the index covers the check.
        return sorted(set(urls))

    def test_the_back_office_lists_some_urls(self):
        urls = self.admin_urls()
        self.assertIn("/admin/", urls)
        self.assertIn(reverse("admin:cycles_cycle_changelist"), urls)

    def test_the_back_office_refuses_everyone_but_staff(self):
        admin_login = reverse("admin:login")
        for role in ("anonymous", "bob", "charlie", "diane", "eve"):
            for url in self.admin_urls():
                with self.subTest(role=role, url=url):
                    self.client.logout()
                    if role != "anonymous":
                        self.login(getattr(self, role))
                    r = self.client.get(url)
                    self.assertTrue(
                        is_login_redirect(r, admin_login),
                        f"GET {url} as {role} should send to the admin login, got {r.status_code}",
                    )

    def test_the_back_office_refuses_a_client_that_only_knows_a_token(self):
        self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        r = self.client.get("/admin/")
        self.assertTrue(is_login_redirect(r, reverse("admin:login")))

    def test_the_back_office_opens_for_the_of_admin(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/admin/").status_code, 200)


class TraineeLinkTests(BaseTestCase):
    def test_dominiques_page_never_shows_the_other_cycles_data(self):
        r = self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        self.assertContains(r, "Dominique")
        for foreign in ("Farid", "farid@example.org", "Les Tilleuls", "Charlie", "Salle 2"):
            self.assertNotContains(r, foreign)
        # Nor another trainee's personal details, even in her own group.
        self.assertNotContains(r, "eden@example.org")
        self.assertNotContains(r, self.eden_token)

    def test_farids_page_never_shows_the_passerelle_cycles_data(self):
        r = self.client.get(reverse("cycles:trainee-home", args=[self.farid_token]))
        self.assertContains(r, "Farid")
        for foreign in ("Dominique", "Eden", "La Passerelle", "Bob", "Salle 1"):
            self.assertNotContains(r, foreign)

    def test_an_unknown_token_is_not_found(self):
        r = self.client.get(reverse("cycles:trainee-home", args=["not-a-real-token"]))
        self.assertEqual(r.status_code, 404)

    def test_a_removed_trainees_link_stops_working(self):
        token = self.dominique_token
        self.dominique.delete()
        r = self.client.get(reverse("cycles:trainee-home", args=[token]))
        self.assertEqual(r.status_code, 404)


class ContactReadOnlyTests(BaseTestCase):
    def change_urls(self) -> list[str]:
        code = self.cycle.code
        return [
            reverse("cycles:status", args=[code]),
            reverse("cycles:schedule", args=[code]),
            reverse("cycles:slot-edit", args=[code, 1]),
            reverse("cycles:trainee-add", args=[code]),
            reverse("cycles:trainee-import", args=[code]),
            reverse("cycles:trainee-remove", args=[code, self.dominique.seat]),
        ]

    def test_the_cycle_page_offers_the_contact_nothing_to_change(self):
        self.login(self.diane)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, "Dominique")
        for url in [*self.change_urls(), reverse("cycles:edit", args=[self.cycle.code])]:
            self.assertNotContains(r, url)
        # The trainees' contact details are for those who run the cycle.
        self.assertNotContains(r, "dominique@example.org")

    def test_the_cycle_page_offers_the_trainer_every_change(self):
        self.login(self.bob)
        r = self.client.get(self.cycle.get_absolute_url())
        for url in self.change_urls():
            self.assertContains(r, url)
        self.assertContains(r, "dominique@example.org")
