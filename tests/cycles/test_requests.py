"""A structure's request from the public programme page, and its needs analysis (indicator 4)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from unittest import mock

from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext

from acunum.cycles import requests
from acunum.cycles.models import Cycle, NeedsAnalysis, Structure
from acunum.cycles.request_forms import siret_checksum_ok
from acunum.outbox.models import Message
from acunum.site import demo, demo_requests
from acunum.test import BaseTestCase, database_state, make_structure
from tests.cycles.requests_world import COMPLETION, VALID_SIRET, request_data

# A Tuesday in term time: the demo's current cycle is under way, its finished one is last spring's.
DEMO_DAY = date(2026, 3, 10)

# Each required field, with the label the page names it by.
REQUIRED = {
    "structure_name": "Name of the structure",
    "structure_kind": "Type of structure",
    "city": "City",
    "funder_kind": "Funding considered",
    "contact_name": "Your name",
    "contact_email": "Your email",
    "contact_phone": "Your phone",
    "trainee_count": "Number of trainees",
    "trainee_profiles": "The trainees’ profiles",
    "context": "Context and needs",
    "disability": "Does a trainee need a disability compensation?",
    "preferred_periods": "Preferred periods",
    "consent": "I agree to be contacted by the training organisation about this request. "
    "What I write here is used for this request only.",
}


def honeypot_refusal() -> str:
    return gettext(
        "Your request was not sent: the form was filled in by a program. If you are a person, "
        "leave the “Leave this field empty” field empty."
    )


def limit_refusal() -> str:
    return gettext(
        "You have sent %(n)s requests in the last hour: nothing more can be sent from your "
        "connection for now. Please try again in an hour, or write to us."
    ) % {"n": requests.REQUESTS_PER_HOUR}


class RequestTestCase(BaseTestCase):
    url = reverse("cycles:request", args=["acunum"])

    def send(self, address="192.0.2.10", **changes):
        return self.client.post(self.url, request_data(**changes), REMOTE_ADDR=address)

    def assert_refused(self, response, field: str, message: str) -> None:
        """The page names the field and says what is wrong with it, in the summary at the top."""
        self.assertEqual(response.status_code, 200)
        summary = response.content.decode().split('class="problems"')[1].split("</div>")[0]
        self.assertIn(gettext(REQUIRED.get(field, field)), summary)
        self.assertIn(message, summary)


class ValidRequestTests(RequestTestCase):
    def test_a_valid_request_creates_the_structure_the_cycle_and_its_needs_analysis(self):
        r = self.send()
        self.assertRedirects(r, reverse("cycles:request-sent", args=["acunum"]))
        structure = Structure.objects.get(name="MJC des Pentes")
        self.assertEqual(structure.kind, Structure.Kind.SOCIOCULTURAL)
        self.assertEqual((structure.city, structure.funder_name), ("Lyon", "Uniformation"))
        cycle = structure.cycles.get()
        self.assertEqual(cycle.status, Cycle.Status.REQUEST)
        self.assertEqual(cycle.programme_version, self.version)
        analysis = cycle.needs_analysis
        self.assertTrue(analysis.is_request)
        self.assertFalse(analysis.is_complete)
        self.assertEqual(analysis.trainee_count, 9)
        self.assertEqual(analysis.contact_phone, "04 78 12 34 56")
        self.assertIn("Pronote", analysis.context)
        self.assertEqual(analysis.disability, NeedsAnalysis.Disability.NO)
        self.assertIsNotNone(analysis.consent_at)
        # Only a keyed digest of the address is kept, for the rate limit.
        self.assertEqual(analysis.client_digest, requests.client_digest("192.0.2.10"))
        self.assertNotIn("192.0.2.10", str(database_state()))

    def test_it_queues_an_email_to_the_of_admin_and_the_acknowledgement(self):
        self.send()
        cycle = Cycle.objects.get(structure__name="MJC des Pentes")
        messages = {m.to: m for m in Message.objects.filter(cycle=cycle)}
        self.assertEqual(sorted(messages), ["alice@example.org", "nora@mjc-pentes.example.org"])
        to_of = messages["alice@example.org"]
        self.assertEqual(
            to_of.subject, "Nouvelle demande : ACUNUM pour MJC des Pentes (9 stagiaires)"
        )
        self.assertIn(reverse("cycles:needs", args=[cycle.code]), to_of.body)
        self.assertIn("nora@mjc-pentes.example.org, 04 78 12 34 56", to_of.body)
        ack = messages["nora@mjc-pentes.example.org"]
        self.assertIn("Bonjour Nora Belaïd", ack.body)
        self.assertIn("Nombre de stagiaires : 9", ack.body)
        self.assertIn("Pronote et Parcoursup", ack.body)
        self.assertEqual(
            {m.status for m in messages.values()}, {Message.Status.PENDING}, "sent by the worker"
        )

    def test_the_emails_are_in_french_whatever_the_language_of_the_page(self):
        self.client.cookies["django_language"] = "en"
        r = self.send()
        self.assertEqual(r["Content-Language"], "en")
        with translation.override("fr"):
            today = date_format(timezone.localdate(), "j F Y")
        ack = Message.objects.get(to="nora@mjc-pentes.example.org")
        self.assertIn(f"Nous avons bien reçu, le {today} à ", ack.body)
        self.assertIn("Besoin de compensation d’un handicap : ", ack.body)

    def test_without_an_admin_email_the_organisations_address_gets_it(self):
        type(self.alice).objects.filter(pk=self.alice.pk).update(email="")
        self.send()
        self.assertEqual(
            sorted(Message.objects.values_list("to", flat=True)),
            ["nora@mjc-pentes.example.org", "of@example.org"],
        )

    def test_a_known_siret_finds_the_structure_and_leaves_it_as_it_was(self):
        known = make_structure("Maison des jeunes et de la culture", siret=VALID_SIRET)
        self.send(siret="732 829 320 00074", structure_name="MJC Pentes (antenne)")
        self.assertEqual(Structure.objects.filter(siret=VALID_SIRET).count(), 1)
        known.refresh_from_db()
        self.assertEqual(known.name, "Maison des jeunes et de la culture")
        analysis = known.cycles.get().needs_analysis
        # The request keeps the requester's words, whatever the structure's record says.
        self.assertEqual(analysis.structure_name, "MJC Pentes (antenne)")
        self.assertEqual(analysis.siret, VALID_SIRET)
        body = Message.objects.get(to="alice@example.org").body
        self.assertIn("Structure déjà connue (trouvée par son SIRET) : Maison des jeunes", body)

    def test_an_unknown_siret_creates_the_structure_with_it(self):
        self.send(siret=VALID_SIRET)
        self.assertEqual(Structure.objects.get(name="MJC des Pentes").siret, VALID_SIRET)

    def test_other_kind_and_other_funder_are_kept(self):
        self.send(
            structure_kind="other",
            structure_kind_other="Tiers-lieu associatif",
            funder_kind="own_budget",
            funder_name="",
        )
        structure = Structure.objects.get(name="MJC des Pentes")
        self.assertEqual(structure.kind_label, "Tiers-lieu associatif")
        self.assertEqual(structure.funder_kind, Structure.FunderKind.OWN_BUDGET)

    def test_a_disability_need_is_kept_and_the_referent_named_in_the_acknowledgement(self):
        self.send(disability="yes", disability_needs="Une stagiaire malentendante.")
        analysis = NeedsAnalysis.objects.get()
        self.assertEqual(analysis.disability_needs, "Une stagiaire malentendante.")
        ack = Message.objects.get(to="nora@mjc-pentes.example.org").body
        self.assertIn("Rita Référente", ack)
        self.assertIn("handicap@example.org", ack)

    def test_line_breaks_in_a_one_line_field_do_not_reach_an_email_subject(self):
        self.send(structure_name="MJC\r\nBcc: victim@example.org")
        message = Message.objects.get(to="alice@example.org")
        self.assertNotIn("\n", message.subject)
        self.assertIn("MJC Bcc: victim@example.org", message.subject)

    def test_the_thanks_page_says_what_happens_next(self):
        r = self.client.get(reverse("cycles:request-sent", args=["acunum"]))
        self.assertContains(r, "of@example.org")
        self.assertContains(r, 'class="steps"')

    def test_an_unknown_programme_is_not_found(self):
        r = self.client.post(reverse("cycles:request", args=["nope"]), request_data())
        self.assertEqual(r.status_code, 404)


class BadRequestTests(RequestTestCase):
    def test_each_missing_field_is_named_and_nothing_is_stored(self):
        for field in REQUIRED:
            with self.subTest(field=field):
                before = database_state()
                r = self.send(**{field: None})
                # Django's own message, in French: the page is French by default.
                message = "Ce champ est obligatoire."
                if field == "consent":
                    message = gettext("Tick the box so that we may contact you.")
                self.assert_refused(r, field, message)
                self.assertEqual(database_state(), before)

    def test_an_empty_form_names_every_required_field(self):
        r = self.client.post(self.url, {})
        summary = r.content.decode().split('class="problems"')[1].split("</div>")[0]
        for label in REQUIRED.values():
            self.assertIn(gettext(label), summary)
        self.assertFalse(NeedsAnalysis.objects.exists())

    def test_malformed_fields_are_named_and_nothing_is_stored(self):
        cases = [
            ("siret", "1234", gettext("A SIRET number has exactly 14 digits.")),
            (
                "siret",
                "73282932000075",
                gettext("This SIRET number does not exist: check its digits, or leave it empty."),
            ),
            ("contact_email", "nora@", gettext("Enter an email address such as name@example.org.")),
            (
                "contact_phone",
                "04 78",
                gettext("Enter a phone number of 10 digits or more, such as 04 78 00 00 00."),
            ),
            (
                "contact_phone",
                "appelez-moi",
                gettext("Enter a phone number of 10 digits or more, such as 04 78 00 00 00."),
            ),
            ("trainee_count", "0", "14"),
            ("trainee_count", "15", "14"),
            ("trainee_count", "beaucoup", "14"),
            ("structure_kind", "castle", gettext("Choose a type of structure from the list.")),
            ("funder_kind", "bank", gettext("Choose how the training would be funded.")),
            ("disability", "maybe", gettext("Answer yes, no or “we do not know yet”.")),
        ]
        labels = {
            **REQUIRED,
            "siret": "SIRET number (optional)",
        }
        for field, value, message in cases:
            with self.subTest(field=field, value=value):
                before = database_state()
                r = self.send(**{field: value})
                self.assertEqual(r.status_code, 200)
                summary = r.content.decode().split('class="problems"')[1].split("</div>")[0]
                self.assertIn(gettext(labels[field]), summary)
                self.assertIn(message, summary)
                self.assertEqual(database_state(), before)

    def test_conditional_fields_are_required_when_their_answer_asks_for_them(self):
        cases = [
            (
                {"structure_kind": "other", "structure_kind_other": ""},
                "Type, if other",
                "Say what type of structure it is.",
            ),
            (
                {"funder_kind": "opco", "funder_name": ""},
                "Name of the OPCO or funder",
                "Name the OPCO.",
            ),
            (
                {"disability": "yes", "disability_needs": "  "},
                "Disability compensation needs",
                "You answered yes: say briefly what would help, so that we can plan it.",
            ),
        ]
        for changes, label, message in cases:
            with self.subTest(label=label):
                before = database_state()
                r = self.send(**changes)
                self.assertEqual(r.status_code, 200)
                summary = r.content.decode().split('class="problems"')[1].split("</div>")[0]
                self.assertIn(gettext(label), summary)
                self.assertIn(gettext(message), summary)
                self.assertEqual(database_state(), before)

    def test_too_many_trainees_says_the_programmes_group_size(self):
        r = self.send(trainee_count="15")
        self.assertContains(
            r,
            gettext("Between 1 and %(max)s trainees: the size of one group.") % {"max": 14},
        )

    def test_the_siret_check_accepts_la_postes_establishments(self):
        self.assertFalse(siret_checksum_ok("35600000000048"))
        self.assertTrue(siret_checksum_ok("35600000049837"))
        self.assertTrue(siret_checksum_ok(VALID_SIRET))


class SpamTests(RequestTestCase):
    def test_a_filled_honeypot_is_refused_and_nothing_is_stored(self):
        before = database_state()
        r = self.send(website="https://cheap-pills.example.com")
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, honeypot_refusal(), status_code=400)
        self.assertEqual(database_state(), before)

    def test_the_honeypot_is_out_of_sight_and_out_of_reach(self):
        r = self.client.get(reverse("programmes:public", args=["acunum"]))
        html = r.content.decode()
        hidden = html.split('<div class="visually-hidden" aria-hidden="true">')[1].split("</div>")[
            0
        ]
        self.assertIn('name="website"', hidden)
        self.assertIn('tabindex="-1"', hidden)
        self.assertIn('autocomplete="off"', hidden)
        self.assertEqual(html.count('name="website"'), 1)

    def test_the_sixth_request_in_an_hour_from_one_address_is_refused(self):
        for n in range(requests.REQUESTS_PER_HOUR):
            r = self.send(structure_name=f"Structure {n}")
            self.assertEqual(r.status_code, 302)
        before = database_state()
        r = self.send(structure_name="Structure de trop")
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, limit_refusal(), status_code=429)
        self.assertEqual(database_state(), before)
        # Another address is not concerned.
        r = self.send(address="198.51.100.7", structure_name="Une autre structure")
        self.assertEqual(r.status_code, 302)

    def test_requests_older_than_an_hour_no_longer_count(self):
        for n in range(requests.REQUESTS_PER_HOUR):
            self.send(structure_name=f"Structure {n}")
        NeedsAnalysis.objects.update(received_at=timezone.now() - timedelta(minutes=61))
        r = self.send(structure_name="Le lendemain")
        self.assertEqual(r.status_code, 302)

    def test_the_limit_holds_when_checked_again_while_storing(self):
        # Two requests passing the view's check at once: the second is refused under the lock.
        for n in range(requests.REQUESTS_PER_HOUR):
            self.send(structure_name=f"Structure {n}")
        before = database_state()
        with mock.patch("acunum.cycles.request_views.over_the_limit", return_value=False):
            r = self.send(structure_name="En même temps")
        self.assertEqual(r.status_code, 429)
        self.assertEqual(database_state(), before)


class PagesTests(RequestTestCase):
    def test_the_public_programme_page_carries_the_request_form(self):
        r = self.client.get(reverse("programmes:public", args=["acunum"]))
        self.assertContains(r, f'action="{self.url}"')
        self.assertContains(r, 'name="trainee_count"')
        self.assertContains(r, 'max="14"')

    def test_the_request_form_is_on_its_own_page_too(self):
        r = self.client.get(self.url)
        self.assertContains(r, 'name="preferred_periods"')

    def test_the_dashboard_shows_new_requests_to_the_of_admin_only(self):
        self.send()
        cycle = Cycle.objects.get(structure__name="MJC des Pentes")
        cycle.trainers.add(self.bob)
        needs = reverse("cycles:needs", args=[cycle.code])
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("cycles:dashboard")), needs)
        self.login(self.bob)
        self.assertNotContains(self.client.get(reverse("cycles:dashboard")), needs)

    def test_a_completed_request_leaves_the_dashboards_list(self):
        self.send()
        analysis = NeedsAnalysis.objects.get()
        analysis.complete(
            self.alice,
            conversation_date=date(2026, 3, 5),
            conversation_with="Nora Belaïd, coordinatrice",
            needs_confirmed="Pronote, Parcoursup",
            adaptations="DJ3 sur Parcoursup",
            disability_adaptations="Aucune nécessaire",
        )
        self.login(self.alice)
        r = self.client.get(reverse("cycles:dashboard"))
        self.assertNotContains(r, reverse("cycles:needs", args=[analysis.cycle.code]))

    def test_the_cycle_page_links_to_the_needs_analysis_for_those_who_run_it(self):
        needs = reverse("cycles:needs", args=[self.cycle.code])
        self.login(self.bob)
        self.assertContains(self.client.get(self.cycle.get_absolute_url()), needs)
        self.login(self.diane)
        self.assertNotContains(self.client.get(self.cycle.get_absolute_url()), needs)


class CompletionTests(RequestTestCase):
    def received(self) -> NeedsAnalysis:
        self.send()
        analysis = NeedsAnalysis.objects.get()
        analysis.cycle.trainers.add(self.bob)
        return analysis

    def test_the_trainer_completes_the_analysis_and_the_request_stays_as_received(self):
        analysis = self.received()
        received = {name: getattr(analysis, name) for name in NeedsAnalysis.RECEIVED_FIELDS}
        self.login(self.bob)
        url = reverse("cycles:needs", args=[analysis.cycle.code])
        self.assertContains(self.client.get(url), "Pronote et Parcoursup")
        r = self.client.post(url, {**COMPLETION, "context": "Réécrit", "trainee_count": "2"})
        self.assertRedirects(r, analysis.cycle.get_absolute_url(), fetch_redirect_response=False)
        analysis.refresh_from_db()
        self.assertTrue(analysis.is_complete)
        self.assertEqual(analysis.conversation_date, date(2026, 3, 5))
        self.assertEqual(analysis.completed_by, self.bob)
        self.assertIsNotNone(analysis.completed_at)
        self.assertIn("DJ3 et DJ4", analysis.adaptations)
        self.assertEqual(
            {name: getattr(analysis, name) for name in NeedsAnalysis.RECEIVED_FIELDS}, received
        )
        self.assertEqual(list(NeedsAnalysis.objects.completed()), [analysis])

    def test_the_completed_analysis_shows_who_completed_it(self):
        analysis = self.received()
        self.login(self.bob)
        url = reverse("cycles:needs", args=[analysis.cycle.code])
        self.client.post(url, COMPLETION)
        r = self.client.get(url)
        self.assertContains(r, "Bob Test")
        self.assertContains(r, "Nora Belaïd, coordinatrice jeunesse")

    def test_each_missing_completion_field_is_named_and_nothing_is_stored(self):
        analysis = self.received()
        self.login(self.bob)
        url = reverse("cycles:needs", args=[analysis.cycle.code])
        for field in COMPLETION:
            with self.subTest(field=field):
                before = database_state()
                r = self.client.post(url, {**COMPLETION, field: ""})
                self.assertEqual(r.status_code, 200)
                summary = r.content.decode().split('class="problems"')[1].split("</div>")[0]
                label = capfirst(NeedsAnalysis._meta.get_field(field).verbose_name)
                self.assertIn(f"{label}</a> : Ce champ est obligatoire.", summary)
                self.assertEqual(database_state(), before)

    def test_a_conversation_in_the_future_is_refused(self):
        analysis = self.received()
        self.login(self.bob)
        tomorrow = timezone.localdate() + timedelta(days=1)
        before = database_state()
        r = self.client.post(
            reverse("cycles:needs", args=[analysis.cycle.code]),
            {**COMPLETION, "conversation_date": tomorrow.isoformat()},
        )
        self.assertContains(
            r,
            gettext("The conversation cannot be in the future: record it once it took place."),
        )
        self.assertEqual(database_state(), before)

    def test_a_cycle_without_a_request_gets_its_analysis_from_the_completion(self):
        self.login(self.alice)
        url = reverse("cycles:needs", args=[self.cycle.code])
        self.assertContains(
            self.client.get(url),
            gettext(
                "This cycle was not requested through the public form: the analysis below is "
                "the only record of the needs."
            ),
        )
        self.assertFalse(NeedsAnalysis.objects.exists(), "a GET stores nothing")
        self.client.post(url, COMPLETION)
        analysis = self.cycle.needs_analysis
        self.assertFalse(analysis.is_request)
        self.assertTrue(analysis.is_complete)
        self.assertEqual(analysis.completed_by, self.alice)

    def test_completing_again_revises_it(self):
        analysis = self.received()
        self.login(self.bob)
        url = reverse("cycles:needs", args=[analysis.cycle.code])
        self.client.post(url, COMPLETION)
        self.login(self.alice)
        self.client.post(url, {**COMPLETION, "adaptations": "Deux demi-journées sur Parcoursup."})
        analysis.refresh_from_db()
        self.assertEqual(analysis.adaptations, "Deux demi-journées sur Parcoursup.")
        self.assertEqual(analysis.completed_by, self.alice)
        self.assertEqual(NeedsAnalysis.objects.count(), 1)

    def test_another_trainer_cannot_complete_it(self):
        analysis = self.received()
        self.login(self.charlie)
        before = database_state()
        r = self.client.post(reverse("cycles:needs", args=[analysis.cycle.code]), COMPLETION)
        self.assertEqual(r.status_code, 404)
        self.assertEqual(database_state(), before)

    def test_complete_never_writes_the_request_part(self):
        analysis = self.received()
        with self.assertRaises(ValueError):
            analysis.complete(
                self.bob,
                context="Autre chose",
                **{k: v for k, v in COMPLETION.items() if k != "conversation_date"},
            )

    def test_the_database_refuses_a_completion_without_its_conversation(self):
        analysis = self.received()
        with self.assertRaises(IntegrityError), transaction.atomic():
            NeedsAnalysis.objects.filter(pk=analysis.pk).update(completed_at=timezone.now())

    def test_the_database_refuses_a_request_without_its_consent(self):
        analysis = self.received()
        with self.assertRaises(IntegrityError), transaction.atomic():
            NeedsAnalysis.objects.filter(pk=analysis.pk).update(consent_at=None)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoRequestsTests(TestCase):
    """acunum/site/demo_requests.py on the demo's own cycles (demo.build does not call it yet)."""

    @classmethod
    def setUpTestData(cls):
        cls.built = demo.build(today=DEMO_DAY)
        cls.now = timezone.make_aware(datetime.combine(DEMO_DAY, time(12, 0)))
        demo_requests.record(
            cls.built["request"], cls.built["current"], cls.built["finished"], cls.now
        )

    def test_the_request_holds_what_the_library_wrote_and_waits_for_its_analysis(self):
        analysis = self.built["request"].needs_analysis
        self.assertEqual(analysis.structure_name, "Médiathèque Jean-Macé")
        self.assertTrue(analysis.is_request)
        self.assertFalse(analysis.is_complete)
        self.assertLess(analysis.received_at, self.now)
        self.assertEqual(analysis.disability, NeedsAnalysis.Disability.YES)
        self.client.force_login(self.built["admin"])
        r = self.client.get(reverse("cycles:dashboard"))
        self.assertContains(r, reverse("cycles:needs", args=[self.built["request"].code]))

    def test_the_current_and_finished_cycles_analyses_are_completed_before_they_started(self):
        completed = NeedsAnalysis.objects.completed()
        self.assertEqual(
            {a.cycle for a in completed}, {self.built["current"], self.built["finished"]}
        )
        for analysis in completed:
            first = analysis.cycle.slots.order_by("date").first().date
            self.assertTrue(analysis.received_at.date() < analysis.conversation_date < first)
            self.assertEqual(analysis.completed_by, self.built["trainer"])
            self.assertTrue(analysis.disability_adaptations)

    def test_the_trainer_reads_the_finished_cycles_analysis(self):
        self.client.force_login(self.built["trainer"])
        r = self.client.get(reverse("cycles:needs", args=[self.built["finished"].code]))
        self.assertContains(r, "veilleurs de nuit")
        self.assertContains(r, "Camille Roche")

    def test_recording_again_changes_nothing(self):
        before = database_state()
        demo_requests.record(
            self.built["request"], self.built["current"], self.built["finished"], self.now
        )
        self.assertEqual(database_state(), before)
