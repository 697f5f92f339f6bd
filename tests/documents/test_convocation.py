"""The convocation of a trainee: the letter with the schedule, the place, whom to reach, and the
personal link as a QR code."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime

import pypdf
import segno
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image, ImageChops

from acunum.accounts.models import Organisation, Referent
from acunum.cycles.models import Cycle, Enrolment, trainee_url
from acunum.documents import convocation as convocations
from acunum.documents import french, sheets
from acunum.documents.facts import CycleFacts
from acunum.lib import typesetting
from acunum.test import BaseTestCase, make_trainee
from tests.documents.test_attendance_sheet import alt_texts, text_of

ISSUED = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
BASE = "http://192.168.1.20:8000"
ACCESS = "Tram T3, arrêt Gratte-Ciel ; parking rue Racine. Entrée de plain-pied, ascenseur."
TO_BRING = "Un ordinateur portable si vous en avez un, votre téléphone chargé."
LONG_NAME = ("Marie-Éléonore", "D’Arc-de-la-Fontaine-Saint-Hilaire-Montmorency-Villeneuve 🌻")
NEEDS = "Malentendante : placer près de l’écran, boucle magnétique"


def ready(cycle: Cycle) -> None:
    """What a convocation needs of a cycle beyond the test world: access and what to bring."""
    Cycle.objects.filter(pk=cycle.pk).update(access=ACCESS, to_bring=TO_BRING)
    cycle.refresh_from_db()


def convocation_kwargs(t: BaseTestCase) -> dict:
    """For tests/test_access.py: Dominique's convocation, of a cycle with everything filled in."""
    ready(t.cycle)
    return {"code": t.cycle.code, "seat": t.dominique.seat}


def one_line(pdf: bytes) -> str:
    return " ".join(text_of(pdf).split())


def pages(pdf: bytes) -> list:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages


def page_images(data: dict, ppi: int = 150) -> list[Image.Image]:
    out = typesetting._compiler().compile(
        input=str(typesetting.TEMPLATES / "convocation.typ"),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        format="png",
        ppi=ppi,
    )
    return [Image.open(io.BytesIO(png)).convert("L") for png in _listed(out)]


def _listed(out) -> list[bytes]:
    return out if isinstance(out, list) else [out]


def printed_qr(data: dict) -> list[list[bool]]:
    """The QR code as the page draws it, read module by module: the page is drawn with the code
    and with an empty code of the same size; where they differ is the code, from its first dark
    module to its last (the finder patterns sit in three corners)."""
    qr = data["link"]["qr"]
    blank = {**data, "link": {**data["link"], "qr": re.sub(r"<path[^>]*/>", "", qr)}}
    drawn, empty = page_images(data), page_images(blank)
    page, box = next(
        (a, box)
        for a, b in zip(drawn, empty, strict=True)
        if (box := ImageChops.difference(a, b).getbbox())
    )
    left, top, right, bottom = box
    # The number of modules a side, from the SVG's view box less its quiet zone of 4 on each side.
    size = int(re.search(r'viewBox="0 0 (\d+) ', qr)[1]) - 8
    step_x, step_y = (right - left) / size, (bottom - top) / size
    return [
        [
            page.getpixel((int(left + (x + 0.5) * step_x), int(top + (y + 0.5) * step_y))) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


class ConvocationTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ready(cls.cycle)
        Referent.objects.create(
            organisation=cls.organisation,
            role=Referent.Role.PEDAGOGICAL,
            name="Paul Pédago",
            email="pedagogie@example.org",
            phone="04 72 00 00 01",
        )
        Referent.objects.create(
            organisation=cls.organisation,
            role=Referent.Role.ADMINISTRATIVE,
            name="Anne Admin",
            email="admin@example.org",
        )
        Organisation.objects.update(legal_representative="Hélène Marchand, gérante")

    def enrolment(self, enrolment=None) -> Enrolment:
        enrolment = enrolment or self.dominique
        return Enrolment.objects.select_related("cycle", "trainee").get(pk=enrolment.pk)

    def convocation(self, enrolment=None) -> bytes:
        return convocations.convocation(self.enrolment(enrolment), base_url=BASE, now=ISSUED)

    def data(self, enrolment=None) -> dict:
        enrolment = self.enrolment(enrolment)
        facts = CycleFacts.load(enrolment.cycle)
        return convocations.convocation_data(enrolment, facts, BASE, ISSUED)

    def url(self, enrolment=None) -> str:
        return BASE + trainee_url(self.enrolment(enrolment).current_link())

    def test_the_letter_names_the_of_the_trainee_their_structure_and_the_training(self):
        text = one_line(self.convocation())
        for expected in (
            "Organisme Test",
            "SIRET 11122233300044",
            "11223344556",
            "Convocation",
            "Dominique TEST",
            "La Passerelle",
            "ACUNUM",
            "cycle d’Accompagnement aux Cultures et Usages NUMériques",
            "aux 16 demi-journées ci-dessous, soit 56 heures de formation",
            "Fait à Lyon, le 3 mars 2026",
            "Pour Organisme Test, Hélène Marchand, gérante",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Eden", text)

    def test_every_half_day_is_printed_with_its_date_hours_and_sequence(self):
        text = one_line(self.convocation())
        slots = list(self.cycle.slots.select_related("sequence").order_by("date", "start"))
        self.assertEqual(len(slots), 16)
        for slot in slots:
            self.assertIn(french.french_day(slot.date), text)
            self.assertIn(french.french_hours(slot).replace("\u00a0", " "), text)
            self.assertIn(f"{slot.sequence.code} · {slot.sequence.title}", text)
        self.assertIn("lundi 5 janvier 2026", text)
        self.assertIn("9 h – 12 h 30", text)
        self.assertIn("13 h 30 – 17 h", text)
        self.assertIn("Première session : les cultures numériques", text)
        self.assertIn("Deuxième session : les usages numériques", text)

    def test_a_full_day_is_one_row_with_its_morning_and_its_afternoon(self):
        j1 = self.data()["sessions"][0]["days"][0]
        self.assertEqual(j1["date"], "lundi 5 janvier 2026")
        self.assertEqual(len(j1["sequences"]), 1)
        self.assertEqual(
            j1["sequences"][0]["hours"],
            ["9\u00a0h – 12\u00a0h\u00a030", "13\u00a0h\u00a030 – 17\u00a0h"],
        )
        self.assertTrue(j1["sequences"][0]["sequence"].startswith("J1 · "))

    def test_the_place_the_access_and_what_to_bring_are_printed(self):
        text = one_line(self.convocation())
        for expected in ("Salle 1", ACCESS, TO_BRING):
            self.assertIn(expected, text)

    def test_each_referent_is_printed_and_the_disability_referent_is_the_one_for_adjustments(self):
        text = one_line(self.convocation())
        for expected in (
            "Référent pédagogique Paul Pédago · pedagogie@example.org · 04 72 00 00 01",
            "Référent administratif Anne Admin · admin@example.org",
            "Référent handicap Rita Référente · handicap@example.org",
            "Pour tout aménagement dont vous auriez besoin (handicap, lecture, audition, "
            "mobilité…), contactez avant la formation le référent handicap, Rita Référente : "
            "les échanges restent confidentiels.",
        ):
            self.assertIn(expected, text)

    def test_the_trainers_are_named(self):
        self.assertIn(
            "soit 56 heures de formation, animée par Bob Test.", one_line(self.convocation())
        )

    def test_the_personal_link_is_printed_in_full_with_the_token_that_works_now(self):
        token = self.enrolment().current_link()
        self.assertEqual(token, self.dominique_token)
        text = one_line(self.convocation())
        self.assertIn(f"{BASE}/s/{token}/", text)
        self.assertIn(
            "Votre lien personnel : pour signer la feuille d’émargement et répondre aux "
            "questionnaires depuis votre téléphone ; ne le partagez pas.",
            text,
        )
        self.assertNotIn(self.eden_token, text)

    def test_printing_the_convocation_does_not_replace_the_link(self):
        before = self.enrolment().token_hash
        self.convocation()
        self.assertEqual(self.enrolment().token_hash, before)

    def test_the_qr_code_is_an_image_with_a_text_alternative(self):
        self.assertEqual(
            alt_texts(self.convocation()), ["Code QR du lien personnel de Dominique TEST"]
        )

    def test_the_printed_qr_code_reads_as_the_personal_link(self):
        # No QR decoder among the dependencies: the code read off the page is compared with the
        # code of the expected link built again, module by module.
        expected = segno.make(self.url(), error="m", micro=False)
        self.assertEqual(
            printed_qr(self.data()),
            [[bool(module) for module in row] for row in expected.matrix],
        )
        # A quiet zone of 4 modules, and a code about 33 mm wide.
        self.assertIn('viewBox="0 0 41 41"', self.data()["link"]["qr"])
        self.assertEqual(expected.symbol_size(border=4), (41, 41))

    def test_accessibility_needs_are_never_printed_nor_change_the_letter(self):
        without = self.convocation()
        self.dominique.trainee.accessibility_needs = NEEDS
        self.dominique.trainee.save()
        pdf = self.convocation()
        self.assertNotIn("Malentendante", one_line(pdf))
        self.assertNotIn("boucle", one_line(pdf))
        self.assertEqual(pdf, without)

    def test_the_same_trainee_issued_at_the_same_moment_gives_the_same_bytes(self):
        self.assertEqual(self.convocation(), self.convocation())

    def test_a_long_name_with_accents_apostrophes_hyphens_and_emoji_is_printed(self):
        first, last = LONG_NAME
        longest = make_trainee(self.cycle, first, last_name=last, email="long@exemple.org")
        pdf = self.convocation(longest)
        text = one_line(pdf).replace("- ", "-")  # a long name wraps after a hyphen
        self.assertIn(
            "Marie-Éléonore D’ARC-DE-LA-FONTAINE-SAINT-HILAIRE-MONTMORENCY-VILLENEUVE 🌻", text
        )
        self.assertIn(self.url(longest), text)
        (page,) = pages(pdf)  # one A4 page still
        self.assertEqual([round(float(v)) for v in page.mediabox[2:]], [595, 842])

    def test_a_long_letter_takes_two_pages_with_the_schedule_whole_and_the_link_signed(self):
        first, last = LONG_NAME
        longest = make_trainee(self.cycle, first, last_name=last, email="long@exemple.org")
        Cycle.objects.filter(pk=self.cycle.pk).update(
            access="\n".join([ACCESS] * 5), to_bring="\n".join([TO_BRING] * 4)
        )
        pdf = self.convocation(longest)
        first_page, second_page = (" ".join(p.extract_text().split()) for p in pages(pdf))
        for code in ("J1", "J4", "DJ1", "DJ8"):
            self.assertIn(f"{code} · ", first_page)
        # The link and the signature travel together, and the page says whose it is.
        self.assertIn("Votre lien personnel", second_page)
        self.assertIn("Fait à Lyon, le 3 mars 2026", second_page)
        self.assertIn("Convocation de Marie-Éléonore", second_page)
        self.assertIn("2/2", second_page)

    def test_the_convocation_is_a_single_a4_page_for_the_test_world(self):
        self.assertEqual(len(pages(self.convocation())), 1)

    def test_the_dates_are_french_whatever_the_readers_language(self):
        with translation.override("en"):
            text = one_line(self.convocation())
        self.assertIn("lundi 5 janvier 2026", text)
        self.assertIn("Fait à Lyon, le 3 mars 2026", text)

    def test_a_first_of_the_month_is_written_1er(self):
        self.assertEqual(french.french_day(datetime(2026, 3, 1).date()), "dimanche 1er mars 2026")


class RefusedConvocationTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ready(cls.cycle)

    def refusal(self, enrolment=None) -> list[str]:
        enrolment = Enrolment.objects.get(pk=(enrolment or self.dominique).pk)
        with self.assertRaises(sheets.Incomplete) as refused:
            convocations.convocation(enrolment, base_url=BASE)
        return refused.exception.missing

    def link_missing(self) -> str:
        return gettext(
            "a personal link for %(name)s: the trainer issues it from the “Trainees’ cards” page"
        ) % {"name": "Dominique Test"}

    def test_a_cycle_with_everything_filled_in_is_not_refused(self):
        enrolment = Enrolment.objects.get(pk=self.dominique.pk)
        pdf = convocations.convocation(enrolment, base_url=BASE)
        self.assertTrue(pdf.startswith(b"%PDF-"))

    def test_an_organisation_without_siret_or_nda_is_named(self):
        Organisation.objects.update(siret="", nda="")
        self.assertEqual(
            self.refusal(),
            [
                gettext("the training organisation's SIRET"),
                gettext("the training organisation's declaration number (NDA)"),
            ],
        )

    def test_no_organisation_at_all_is_named(self):
        Organisation.objects.all().delete()
        self.assertEqual(
            self.refusal()[0],
            gettext("the training organisation (name, SIRET, NDA, address) in the back office"),
        )

    def test_a_cycle_without_a_schedule_is_refused(self):
        self.cycle.slots.all().delete()
        self.assertEqual(self.refusal(), [gettext("the cycle's schedule")])

    def test_a_cycle_without_place_access_or_what_to_bring_is_refused(self):
        Cycle.objects.filter(pk=self.cycle.pk).update(place=" ", access="", to_bring="\n")
        self.assertEqual(
            self.refusal(),
            [
                gettext("the place of the training, under “Edit the cycle”"),
                gettext(
                    "how to get there (public transport, parking, step-free entrance), "
                    "under “Edit the cycle”"
                ),
                gettext("what to bring, under “Edit the cycle”"),
            ],
        )

    def test_an_organisation_without_a_disability_referent_is_refused(self):
        Referent.objects.filter(role=Referent.Role.DISABILITY).delete()
        self.assertEqual(
            self.refusal(),
            [
                gettext(
                    "the training organisation's disability referent (name and email), "
                    "in the back office"
                )
            ],
        )

    def test_a_revoked_link_is_refused_and_names_the_trainee(self):
        self.dominique.revoke_link()
        missing = self.refusal()
        self.assertEqual(missing, [self.link_missing()])
        self.assertIn("Dominique Test", missing[0])

    def test_a_link_never_issued_is_refused(self):
        Enrolment.objects.filter(pk=self.dominique.pk).update(token_hash=None, link_salt="")
        self.assertEqual(self.refusal(), [self.link_missing()])

    def test_a_link_issued_under_another_secret_key_cannot_be_printed(self):
        with override_settings(SECRET_KEY="another-secret-key-" + "x" * 40):
            self.assertEqual(self.refusal(), [self.link_missing()])

    def test_every_missing_item_is_listed_at_once(self):
        Organisation.objects.update(nda="")
        Referent.objects.all().delete()
        Cycle.objects.filter(pk=self.cycle.pk).update(access="")
        self.dominique.revoke_link()
        self.assertEqual(len(self.refusal()), 4, self.refusal())


class ConvocationViewTests(BaseTestCase):
    def url(self, seat=None) -> str:
        seat = self.dominique.seat if seat is None else seat
        return reverse("documents:convocation", args=[self.cycle.code, seat])

    def test_the_url(self):
        self.assertEqual(self.url(), f"/cycles/{self.cycle.code}/stagiaires/1/convocation.pdf")

    def test_a_reader_of_the_cycle_opens_the_convocation_with_the_link_phones_can_open(self):
        ready(self.cycle)
        for user in (self.bob, self.diane, self.alice):
            self.login(user)
            r = self.client.get(self.url())
            self.assertEqual(r.status_code, 200)
            self.assertEqual(r["Content-Type"], "application/pdf")
            self.assertEqual(
                r["Content-Disposition"], 'inline; filename="convocation-test-dominique.pdf"'
            )
            self.assertIn(f"http://testserver/s/{self.dominique_token}/", one_line(r.content))

    def test_an_incomplete_convocation_is_a_page_that_lists_what_to_do(self):
        ready(self.cycle)
        self.dominique.revoke_link()
        Cycle.objects.filter(pk=self.cycle.pk).update(to_bring="")
        self.login(self.bob)
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 409)
        for missing in (
            gettext("what to bring, under “Edit the cycle”"),
            gettext(
                "a personal link for %(name)s: the trainer issues it from the “Trainees’ cards” "
                "page"
            )
            % {"name": "Dominique Test"},
        ):
            self.assertContains(r, escape(missing), status_code=409)

    def test_a_seat_nobody_holds_is_not_found(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url(seat=14)).status_code, 404)

    def test_another_structures_contact_cannot_read_it(self):
        ready(self.cycle)
        self.login(self.eve)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
