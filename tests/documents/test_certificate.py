"""The certificate of completion of a trainee: the Ministry's model, filled from the ledger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from acunum.accounts.models import Organisation
from acunum.attendance import drawing
from acunum.attendance.hours import cycle_assiduity
from acunum.attendance.models import GRACE, AttendanceEvent, SigningWindow, append
from acunum.cycles.models import Trainee
from acunum.documents import certificates, french, sheets
from acunum.lib.durations import hours
from acunum.test import BaseTestCase, make_trainee
from tests.attendance.test_core import drawn_signature
from tests.documents.test_attendance_sheet import text_of

Kind = AttendanceEvent.Kind
ISSUED = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
REPRESENTATIVE = "Hélène Marchand, gérante"


def play_slot(slot, enrolments, trainer, *, absent=(), late=None, close=True) -> None:
    """The half-day as it happened on its own day, in the past: the window opened, everyone
    signed but the absent, a late arrival noted, then counter-signed and closed. Events carry
    their past times (`at=`), as the demo writes its finished cycles."""
    start, end = slot.starts_at(), slot.ends_at()
    SigningWindow.objects.create(
        slot=slot,
        opened_at=start - timedelta(minutes=8),
        opened_by=trainer,
        closes_at=end + GRACE,
        closed_at=end + timedelta(minutes=3) if close else None,
        closed_by=trainer if close else None,
    )
    append(Kind.WINDOW_OPENED, slot, actor=trainer, at=start - timedelta(minutes=8))
    for enrolment in enrolments:
        at = start + timedelta(minutes=1, seconds=enrolment.seat)
        if enrolment in absent:
            data = {"excused": True, "reason": "Malade"}
            append(Kind.ABSENCE, slot, enrolment=enrolment, actor=trainer, data=data, at=at)
            continue
        image = drawing.check(drawn_signature())
        append(Kind.SIGNATURE, slot, enrolment=enrolment, method="phone", image=image, at=at)
        if late and enrolment in late:
            arrival = {"time": late[enrolment].strftime("%H:%M")}
            append(Kind.LATE_ARRIVAL, slot, enrolment=enrolment, actor=trainer, data=arrival, at=at)
    if close:
        image = drawing.check(drawn_signature())
        append(Kind.TRAINER_SIGNATURE, slot, actor=trainer, image=image, at=end)
        append(Kind.WINDOW_CLOSED, slot, actor=trainer, at=end + timedelta(minutes=3))


# The trainer's assessment of each trainee, which the training attestation prints.
ASSESSMENT = {"objectif_1": "acquis", "objectif_2": "en_cours", "objectif_3": "acquis"}


def assess_trainees(t: BaseTestCase, answers: dict | None = None) -> None:
    """Bob assesses each trainee of the Passerelle cycle not assessed yet (so that calling it
    again assesses only those enrolled since)."""
    from acunum.evaluation.answering import Who, submit
    from acunum.evaluation.assessment import TRAINER_ASSESSMENT
    from acunum.evaluation.models import QuestionnaireVersion, Response
    from tests.evaluation.test_answering import checked

    version = QuestionnaireVersion.objects.current_of(TRAINER_ASSESSMENT)
    done = set(
        Response.objects.filter(cycle=t.cycle, questionnaire=TRAINER_ASSESSMENT).values_list(
            "subject_id", flat=True
        )
    )
    last = t.cycle.slots.order_by("date", "start").last()
    for enrolment in t.cycle.enrolments.exclude(pk__in=done).order_by("seat"):
        given = checked(version, answers or ASSESSMENT)
        submit(version, t.cycle, given, Who(user=t.bob, subject=enrolment), last.date)


def finish_cycle(t: BaseTestCase, *, open_slots: int = 0, assessed: bool = True) -> None:
    """The Passerelle cycle trained to its end (but `open_slots` last half-days, left unclosed):
    Dominique absent from half-day 3 and 25 minutes late to half-day 5, Eden always there.
    The OF names its legal representative, who signs the certificates; unless `assessed` is
    false, Bob has assessed each trainee's learning, as the attestation requires."""
    Organisation.objects.update(legal_representative=REPRESENTATIVE)
    group = list(t.cycle.enrolments.select_related("trainee").order_by("seat"))
    slots = list(t.cycle.slots.order_by("date", "start"))
    for slot in slots:
        late = None
        if slot.index == 5:
            arrival = datetime.combine(slot.date, slot.start) + timedelta(minutes=25)
            late = {t.dominique: arrival.time()}
        play_slot(
            slot,
            group,
            t.bob,
            absent=[t.dominique] if slot.index == 3 else (),
            late=late,
            close=slot.index <= len(slots) - open_slots,
        )
    if assessed:
        assess_trainees(t)


def certificate_kwargs(t: BaseTestCase) -> dict:
    """For tests/test_access.py: Dominique's certificate, of a finished cycle."""
    finish_cycle(t)
    return {"code": t.cycle.code, "seat": t.dominique.seat}


def one_line(pdf: bytes) -> str:
    return " ".join(text_of(pdf).split())


class CertificateTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        finish_cycle(cls)

    def certificate(self, enrolment=None) -> bytes:
        return certificates.completion_certificate(enrolment or self.dominique, now=ISSUED)

    def realised(self, enrolment) -> int:
        slots = list(self.cycle.slots.all())
        assiduity = cycle_assiduity(self.cycle, slots, list(self.cycle.enrolments.all()))
        return next(t.minutes for t in assiduity.trainees if t.enrolment.pk == enrolment.pk)

    def test_the_certificate_has_the_wording_of_the_ministrys_model(self):
        text = one_line(self.certificate())
        for sentence in (
            "Certificat de réalisation",
            "Je soussigné(e) Hélène Marchand, gérante, représentant légal du dispensateur de "
            "l’action concourant au développement des compétences Organisme Test, atteste que :",
            "Nature de l’action concourant au développement des compétences :",
            "☐ bilan de compétences",
            "☐ action de VAE",
            "☐ action de formation par apprentissage",
            "(nombre d’heures réalisées ou, s’agissant d’une formation par apprentissage, "
            "nombre de mois réalisés)",
            "Sans préjudice des délais imposés par les règles fiscales, comptables ou "
            "commerciales, je m’engage à conserver l’ensemble des pièces justificatives qui ont "
            "permis d’établir le présent certificat pendant une durée de 3 ans à compter de la "
            "fin de l’année du dernier paiement. En cas de cofinancement des fonds européens la "
            "durée de conservation est étendue conformément aux obligations conventionnelles "
            "spécifiques.",
            "Fait à Lyon, le 3 mars 2026",
            "Cachet et signature du responsable du dispensateur de formation (nom, prénom, "
            "qualité du signataire)",
            "1 Lorsque l’action est mise en œuvre dans le cadre d’un projet de transition "
            "professionnelle, le certificat de réalisation doit être transmis mensuellement.",
            "2 Dans le cadre des formations à distance prendre en compte la réalisation des "
            "activités pédagogiques et le temps estimé pour les réaliser.",
        ):
            self.assertIn(sentence, text)

    def test_only_the_action_de_formation_box_is_ticked(self):
        text = one_line(self.certificate())
        self.assertIn("☒ action de formation ☐ bilan de compétences", text)
        self.assertEqual(text.count("☒"), 1)
        self.assertEqual(text.count("☐"), 3)

    def test_the_certificate_names_the_trainee_the_employer_the_action_and_its_dates(self):
        text = one_line(self.certificate())
        self.assertIn(
            "TEST Dominique, salarié(e) de l’entreprise La Passerelle, a suivi l’action ACUNUM — "
            "cycle d’Accompagnement aux Cultures et Usages NUMériques",
            text,
        )
        slots = list(self.cycle.slots.order_by("date", "start"))
        first, last = slots[0].date, slots[-1].date
        self.assertEqual(first.isoformat(), "2026-01-05")
        self.assertIn(
            f"qui s’est déroulée du {french.french_date(first)} au {french.french_date(last)}",
            text,
        )
        self.assertIn("du 5 janvier 2026 au", text)
        self.assertIn("SIRET 11122233300044", text)
        self.assertIn("11223344556", text)
        self.assertNotIn("Eden", text)

    def test_the_hours_are_those_the_ledger_gives_with_the_absence_and_the_late_arrival(self):
        minutes = self.realised(self.dominique)
        absent = self.cycle.slots.get(index=3).minutes
        self.assertEqual(minutes, 56 * 60 - absent - 25)
        self.assertEqual(hours(minutes), "52 h 05")
        self.assertEqual(french.french_duration(minutes), "52 heures 5 minutes")
        self.assertIn("pour une durée de 52 heures 5 minutes", one_line(self.certificate()))

    def test_a_trainee_present_throughout_realised_the_56_hours(self):
        self.assertEqual(self.realised(self.eden), 56 * 60)
        text = one_line(self.certificate(self.eden))
        self.assertIn("TEST Eden, salarié(e) de l’entreprise La Passerelle", text)
        self.assertIn("pour une durée de 56 heures", text)
        self.assertNotIn("56 heures 0", text)

    def test_a_volunteer_is_the_structures_volunteer_not_its_employee(self):
        Trainee.objects.filter(pk=self.eden.trainee_id).update(status=Trainee.Status.VOLUNTEER)
        self.eden.trainee.refresh_from_db()
        text = one_line(self.certificate(self.eden))
        self.assertIn("TEST Eden, bénévole de la structure La Passerelle", text)
        self.assertNotIn("salarié", text)

    def test_the_same_trainee_issued_at_the_same_moment_gives_the_same_bytes(self):
        self.assertEqual(self.certificate(), self.certificate())

    def test_the_certificate_is_one_a4_page_even_with_a_long_name(self):
        import io

        import pypdf

        longest = make_trainee(
            self.cycle,
            "Marie-Christine-Alexandrine 🌻",
            last_name="De La Fontaine-Rochechouart-Montmorency-Lévis",
            email="long@exemple.org",
        )
        pages = pypdf.PdfReader(io.BytesIO(self.certificate(longest))).pages
        self.assertEqual(len(pages), 1)
        self.assertEqual([round(float(v)) for v in pages[0].mediabox[2:]], [595, 842])
        self.assertIn("Marie-Christine-Alexandrine 🌻", one_line(self.certificate(longest)))

    def test_the_dates_are_french_whatever_the_readers_language(self):
        from django.utils import translation

        with translation.override("en"):
            text = one_line(self.certificate())
        self.assertIn("du 5 janvier 2026 au", text)
        self.assertIn("Fait à Lyon, le 3 mars 2026", text)

    def test_a_first_of_the_month_is_written_1er(self):
        self.assertEqual(french.french_date(datetime(2026, 3, 1).date()), "1er mars 2026")
        self.assertEqual(french.french_duration(61), "1 heure 1 minute")


class RefusedCertificateTests(BaseTestCase):
    def refusal(self) -> list[str]:
        with self.assertRaises(sheets.Incomplete) as refused:
            certificates.completion_certificate(self.dominique)
        return refused.exception.missing

    def test_a_finished_cycle_with_everything_filled_in_is_not_refused(self):
        finish_cycle(self)
        self.assertTrue(certificates.completion_certificate(self.dominique).startswith(b"%PDF-"))

    def test_an_organisation_without_siret_or_nda_is_named(self):
        finish_cycle(self)
        Organisation.objects.update(siret="", nda="")
        self.assertEqual(
            self.refusal(),
            [
                gettext("the training organisation's SIRET"),
                gettext("the training organisation's declaration number (NDA)"),
            ],
        )

    def test_an_organisation_without_a_legal_representative_is_refused(self):
        finish_cycle(self)
        Organisation.objects.update(legal_representative="  ")
        self.assertEqual(
            self.refusal(), [gettext("the training organisation's legal representative")]
        )

    def test_a_structure_without_siret_is_named(self):
        finish_cycle(self)
        self.structure.siret = ""
        self.structure.save()
        self.assertEqual(
            self.refusal(),
            [gettext("the SIRET of the structure %(name)s") % {"name": "La Passerelle"}],
        )

    def test_a_training_not_over_is_refused_with_how_many_half_days_are_still_open(self):
        finish_cycle(self, open_slots=2)
        expected = ngettext(
            "every half-day closed on its attendance board: %(n)s is not closed yet",
            "every half-day closed on its attendance board: %(n)s are not closed yet",
            2,
        ) % {"n": 2}
        self.assertEqual(self.refusal(), [expected])
        self.assertIn("2", expected)

    def test_a_cycle_never_signed_counts_all_its_16_half_days_as_not_closed(self):
        Organisation.objects.update(legal_representative=REPRESENTATIVE)
        missing = self.refusal()
        self.assertEqual(len(missing), 1)
        self.assertIn("16", missing[0])

    def test_a_cycle_without_a_schedule_is_refused(self):
        Organisation.objects.update(legal_representative=REPRESENTATIVE)
        self.cycle.slots.all().delete()
        self.assertEqual(self.refusal(), [gettext("the cycle's schedule")])

    def test_every_missing_item_is_listed_at_once(self):
        Organisation.objects.update(nda="", legal_representative="")
        self.structure.siret = ""
        self.structure.save()
        missing = self.refusal()
        self.assertEqual(len(missing), 4, missing)


class CertificateViewTests(BaseTestCase):
    def url(self, seat=None) -> str:
        seat = self.dominique.seat if seat is None else seat
        return reverse("documents:completion-certificate", args=[self.cycle.code, seat])

    def test_the_structures_contact_opens_the_certificate_as_a_pdf(self):
        finish_cycle(self)
        self.login(self.diane)
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        disposition = 'inline; filename="certificat-realisation-test-dominique.pdf"'
        self.assertEqual(r["Content-Disposition"], disposition)
        self.assertIn("pour une durée de 52 heures 5 minutes", one_line(r.content))

    def test_a_training_not_over_is_a_page_that_says_how_many_half_days_to_close(self):
        finish_cycle(self, open_slots=1)
        self.login(self.bob)
        r = self.client.get(self.url())
        expected = ngettext(
            "every half-day closed on its attendance board: %(n)s is not closed yet",
            "every half-day closed on its attendance board: %(n)s are not closed yet",
            1,
        ) % {"n": 1}
        self.assertContains(r, escape(expected), status_code=409)

    def test_a_seat_nobody_holds_is_not_found(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url(seat=14)).status_code, 404)

    def test_another_structures_contact_cannot_read_it(self):
        finish_cycle(self)
        self.login(self.eve)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
