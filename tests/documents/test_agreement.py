"""The quote and the training agreement of a cycle: article D6353-1, item by item, in the text."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pypdf
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from acunum.accounts.models import Organisation
from acunum.cycles.models import Cycle, Structure
from acunum.documents import agreement, french, sheets
from acunum.test import BaseTestCase, make_trainee
from tests.documents.test_certificate import REPRESENTATIVE, one_line

ISSUED = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
PAYMENT_TERMS = "Paiement à 30 jours à réception de la facture, par virement."
LONGEST = ("Marie-Éléonore", "D’Arc-de-la-Fontaine-Saint-Hilaire-Montmorency-Villeneuve 🌻")


def ready(t: BaseTestCase) -> None:
    """Everything the quote and the agreement need, on the Passerelle cycle: the OF's
    representative and payment terms, the price, the structure's address and signatory."""
    Organisation.objects.update(legal_representative=REPRESENTATIVE, payment_terms=PAYMENT_TERMS)
    Cycle.objects.filter(pk=t.cycle.pk).update(price=Decimal("4200"))
    Structure.objects.filter(pk=t.structure.pk).update(
        address="12 rue des Lilas",
        postal_code="69003",
        representative="Paul Durand, directeur",
    )
    t.cycle.refresh_from_db()


def agreement_kwargs(t: BaseTestCase) -> dict:
    """For tests/test_access.py: the Passerelle cycle's agreement, with all it needs."""
    ready(t)
    return {"code": t.cycle.code}


quote_kwargs = agreement_kwargs


def pages(pdf: bytes) -> list:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages


class AgreementTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ready(cls)

    def agreement(self) -> bytes:
        return agreement.agreement(self.cycle, now=ISSUED)

    def test_the_agreement_names_both_parties_with_their_siret_and_signatories(self):
        text = one_line(self.agreement())
        for expected in (
            "Convention de formation professionnelle",
            "Organisme Test, 1 rue Test, 69001 Lyon, SIRET 11122233300044, déclaration "
            "d’activité enregistrée sous le numéro 11223344556, représenté par Hélène Marchand, "
            "gérante, ci-après « l’organisme de formation »",
            "La Passerelle, 12 rue des Lilas, 69003 Lyon, SIRET 12345678900011, représentée par "
            "Paul Durand, directeur, ci-après « la structure »",
        ):
            self.assertIn(expected, text)

    def test_the_agreement_says_the_title_nature_objectives_and_content_of_the_action(self):
        text = one_line(self.agreement())
        p = self.version.data
        self.assertIn(
            "l’action ACUNUM — cycle d’Accompagnement aux Cultures et Usages NUMériques", text
        )
        self.assertIn(
            "Nature de l’action : action de formation, au sens de l’article L6313-1 1° du Code "
            "du travail.",
            text,
        )
        for objective in p["objectives"]:
            self.assertIn(objective, text)
        self.assertIn(p["content"], text)
        for part in p["parts"]:
            self.assertIn(part["title"], text)
            for seq in part["sequences"]:
                self.assertIn(f"{seq['code']} · {seq['title']}", text)

    def test_the_agreement_gives_the_means_and_the_trainers(self):
        text = one_line(self.agreement())
        for method in self.version.data["delivery"]["methods"]:
            self.assertIn(method, text)
        self.assertIn("Formation assurée par : Bob Test.", text)

    def test_the_agreement_gives_the_duration_the_period_the_place_and_every_half_day(self):
        text = one_line(self.agreement())
        slots = list(self.cycle.slots.select_related("sequence").order_by("date", "start"))
        self.assertEqual(len(slots), 16)
        self.assertIn("Durée : 56 heures, en 16 demi-journées.", text)
        self.assertIn("Période : du 5 janvier 2026 au 17 février 2026.", text)
        self.assertEqual(french.french_date(slots[-1].date), "17 février 2026")
        self.assertIn("Lieu : Salle 1.", text)
        self.assertIn("1 lundi 5 janvier 2026 9 h – 12 h 30 J1 · Et vous", text)
        self.assertIn("16 mardi 17 février 2026 9 h – 12 h 30 DJ8 · Bilan et suite", text)
        for slot in slots:
            hours = french.french_hours(slot).replace("\u00a0", " ")
            self.assertIn(
                f"{french.french_date(slot.date)} {hours} {slot.sequence.code} · "
                f"{slot.sequence.title}",
                text,
            )

    def test_the_agreement_names_the_trainees_and_how_many_they_are(self):
        text = one_line(self.agreement())
        self.assertIn("Effectif : 2 stagiaires (14 au maximum) :", text)
        self.assertIn("TEST Dominique", text)
        self.assertIn("TEST Eden", text)
        self.assertNotIn("Farid", text)  # of another cycle

    def test_an_agreement_signed_before_enrolments_says_nobody_is_enrolled_yet(self):
        self.cycle.enrolments.all().delete()
        text = one_line(self.agreement())
        self.assertIn("Aucun stagiaire n’est encore inscrit", text)
        self.assertNotIn("Effectif", text)

    def test_the_agreement_says_how_the_action_is_followed_assessed_and_sanctioned(self):
        text = one_line(self.agreement())
        for item in self.version.data["delivery"]["evaluation"]:
            self.assertIn(item, text)
        self.assertIn("chaque stagiaire signe la feuille d’émargement de la demi-journée", text)
        self.assertIn("attestation de fin de formation", text)
        self.assertIn("certificat de réalisation", text)

    def test_the_agreement_gives_the_price_the_exemption_and_the_payment_terms(self):
        text = one_line(self.agreement())
        self.assertIn("Prix de l’action, hors taxes 4 200,00 €", text)
        self.assertIn("TVA non applicable, article 261-4-4° a du CGI", text)
        self.assertIn("Total à payer 4 200,00 €", text)
        self.assertNotIn("TTC", text)
        self.assertIn(f"Modalités de règlement {PAYMENT_TERMS}", text)

    def test_an_organisation_liable_to_vat_charges_20_percent_and_says_the_total_incl_tax(self):
        Organisation.objects.update(vat_exempt=False)
        text = one_line(self.agreement())
        self.assertIn("TVA à 20 % 840,00 €", text)
        self.assertIn("Total TTC 5 040,00 €", text)
        self.assertNotIn("non applicable", text)

    def test_an_opco_is_asked_for_funding_with_subrogation_where_agreed(self):
        text = one_line(self.agreement())
        self.assertIn(
            "La structure sollicite auprès de son opérateur de compétences (OPCO), Uniformation, "
            "la prise en charge de cette formation.",
            text,
        )
        self.assertIn("En cas de subrogation de paiement accordée par l’OPCO", text)

    def test_a_structure_paying_on_its_own_budget_says_so(self):
        Structure.objects.filter(pk=self.structure.pk).update(
            funder_kind=Structure.FunderKind.OWN_BUDGET, funder_name=""
        )
        self.cycle.refresh_from_db()
        text = one_line(self.agreement())
        self.assertIn("La formation est financée par la structure sur son budget propre.", text)
        self.assertNotIn("OPCO", text)

    def test_another_funder_is_named_in_french_whatever_the_readers_language(self):
        from django.utils import translation

        Structure.objects.filter(pk=self.structure.pk).update(
            funder_kind=Structure.FunderKind.CNFPT, funder_name=""
        )
        self.cycle.refresh_from_db()
        with translation.override("en"):
            text = one_line(self.agreement())
        self.assertIn("Financeur : CNFPT.", text)
        self.assertIn("du 5 janvier 2026 au", text)

    def test_the_agreement_ends_with_the_place_the_date_and_both_signature_boxes(self):
        text = one_line(self.agreement())
        self.assertIn("Fait à Lyon, le 3 mars 2026, en deux exemplaires originaux.", text)
        self.assertIn(
            "Pour l’organisme de formation Organisme Test Hélène Marchand, gérante "
            "Pour la structure La Passerelle Paul Durand, directeur "
            "Cachet et signature Cachet et signature",
            text,
        )
        self.assertEqual(text.count("Cachet et signature"), 2)

    def test_the_articles_are_numbered_in_order(self):
        text = one_line(self.agreement())
        positions = [text.index(f"Article {n} — ") for n in range(1, 12)]
        self.assertEqual(positions, sorted(positions))
        self.assertNotIn("Article 12 — ", text)

    def test_every_page_is_a4_and_says_which_agreement_it_belongs_to(self):
        pdf = self.agreement()
        reference = f"C-2026-{str(self.cycle.code)[:8].upper()}"
        for number, page in enumerate(pages(pdf), start=1):
            self.assertEqual([round(float(v)) for v in page.mediabox[2:]], [595, 842])
            footer = " ".join(page.extract_text().split())
            self.assertIn(f"Convention de formation {reference}", footer)
            self.assertIn(f"{number}/{len(pages(pdf))}", footer)

    def test_the_same_cycle_issued_at_the_same_moment_gives_the_same_bytes(self):
        self.assertEqual(self.agreement(), self.agreement())

    def test_long_names_with_accents_apostrophes_hyphens_and_emoji_are_printed(self):
        first, last = LONGEST
        make_trainee(self.cycle, first, last_name=last, email="long@exemple.org")
        Structure.objects.filter(pk=self.structure.pk).update(
            representative=f"{first} {last}, présidente"
        )
        self.cycle.refresh_from_db()
        pdf = self.agreement()
        # Without spacing: a long name wraps wherever its box ends.
        text = "".join(one_line(pdf).split())
        self.assertIn(f"{last.upper()}{first}".replace(" ", ""), text)
        self.assertIn(f"représentéepar{first}{last},présidente".replace(" ", ""), text)
        self.assertIn("Effectif:3stagiaires(14aumaximum)", text)
        self.assertEqual(len(pages(pdf)), 3)
        self.assertEqual(len(pages(agreement.quote(self.cycle, now=ISSUED))), 1)


class QuoteTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ready(cls)

    def quote(self) -> bytes:
        return agreement.quote(self.cycle, now=ISSUED)

    def test_the_quote_has_its_reference_its_date_and_thirty_days_of_validity(self):
        text = one_line(self.quote())
        reference = f"D-2026-{str(self.cycle.code)[:8].upper()}"
        self.assertIn(f"Devis N° : {reference} Date : 3 mars 2026", text)
        self.assertIn("Valable jusqu’au : 2 avril 2026", text)
        self.assertIn("ce devis est valable 30 jours, jusqu’au 2 avril 2026.", text)

    def test_the_quote_names_the_organisation_and_the_structure(self):
        text = one_line(self.quote())
        for expected in (
            "Organisme Test",
            "SIRET 11122233300044",
            "11223344556",
            "Destinataire La Passerelle 12 rue des Lilas, 69003 Lyon SIRET 12345678900011",
            "À l’attention de Paul Durand, directeur",
        ):
            self.assertIn(expected, text)

    def test_the_quote_describes_the_action_its_place_and_its_dates(self):
        text = one_line(self.quote())
        self.assertIn("ACUNUM — cycle d’Accompagnement aux Cultures et Usages NUMériques", text)
        for objective in self.version.data["objectives"]:
            self.assertIn(objective, text)
        self.assertIn("Durée 56 heures", text)
        self.assertIn("Effectif 14 stagiaires au maximum", text)
        self.assertIn("Lieu Salle 1", text)
        self.assertIn("Dates du 5 janvier 2026 au", text)
        self.assertIn("(16 demi-journées)", text)

    def test_a_cycle_not_yet_scheduled_nor_placed_has_dates_and_place_to_agree(self):
        self.cycle.slots.all().delete()
        Cycle.objects.filter(pk=self.cycle.pk).update(place="")
        self.cycle.refresh_from_db()
        text = one_line(self.quote())
        self.assertIn("Lieu à convenir", text)
        self.assertIn("Dates dates à convenir", text)

    def test_the_quote_prices_the_training_as_one_line_without_vat_when_exempt(self):
        text = one_line(self.quote())
        self.assertIn("Désignation Montant HT Formation « ACUNUM", text)
        self.assertIn("Total hors taxes 4 200,00 €", text)
        self.assertIn("TVA non applicable, article 261-4-4° a du CGI", text)
        self.assertIn("Total à payer 4 200,00 €", text)
        self.assertIn(PAYMENT_TERMS, text)

    def test_the_quote_adds_20_percent_vat_when_the_organisation_is_liable(self):
        Organisation.objects.update(vat_exempt=False)
        Cycle.objects.filter(pk=self.cycle.pk).update(price=Decimal("1234.50"))
        self.cycle.refresh_from_db()
        text = one_line(self.quote())
        self.assertIn("Total hors taxes 1 234,50 €", text)
        self.assertIn("TVA à 20 % 246,90 €", text)
        self.assertIn("Total TTC 1 481,40 €", text)
        self.assertNotIn("non applicable", text)

    def test_the_structure_signs_bon_pour_accord(self):
        text = one_line(self.quote())
        self.assertIn("Pour la structure La Passerelle", text)
        self.assertIn("précédés de la mention « Bon pour accord »", text)

    def test_the_quote_is_one_a4_page_and_the_same_bytes_for_the_same_moment(self):
        pdf = self.quote()
        self.assertEqual(len(pages(pdf)), 1)
        self.assertEqual([round(float(v)) for v in pages(pdf)[0].mediabox[2:]], [595, 842])
        self.assertEqual(pdf, self.quote())


class MoneyTests(BaseTestCase):
    def test_sums_are_written_the_french_way_and_never_break(self):
        self.assertEqual(french.french_money(Decimal("1234.5")), "1\u202f234,50\u00a0€")
        self.assertEqual(french.french_money(Decimal("4200")), "4\u202f200,00\u00a0€")
        self.assertEqual(french.french_money(Decimal("999.999")), "1\u202f000,00\u00a0€")
        self.assertEqual(french.french_money(Decimal("0")), "0,00\u00a0€")
        self.assertEqual(
            french.french_money(Decimal("1234567.89")), "1\u202f234\u202f567,89\u00a0€"
        )

    def test_the_vat_is_rounded_to_the_cent(self):
        self.assertEqual(
            agreement.prices(Decimal("0.05"), vat_exempt=False),
            {
                "excl": "0,05\u00a0€",
                "vat_exempt": False,
                "vat": "0,01\u00a0€",
                "total": "0,06\u00a0€",
            },
        )


class RefusedAgreementTests(BaseTestCase):
    def refusal(self, document=agreement.agreement) -> list[str]:
        with self.assertRaises(sheets.Incomplete) as refused:
            document(self.cycle)
        return refused.exception.missing

    def test_a_cycle_with_everything_filled_in_is_not_refused(self):
        ready(self)
        self.assertTrue(agreement.agreement(self.cycle).startswith(b"%PDF-"))
        self.assertTrue(agreement.quote(self.cycle).startswith(b"%PDF-"))

    def test_without_a_training_organisation_both_are_refused(self):
        ready(self)
        Organisation.objects.all().delete()
        expected = [
            gettext("the training organisation (name, SIRET, NDA, address) in the back office")
        ]
        self.assertEqual(self.refusal(), expected)
        self.assertEqual(self.refusal(agreement.quote), expected)

    def test_an_organisation_without_siret_or_nda_is_named(self):
        ready(self)
        Organisation.objects.update(siret="", nda="")
        expected = [
            gettext("the training organisation's SIRET"),
            gettext("the training organisation's declaration number (NDA)"),
        ]
        self.assertEqual(self.refusal(), expected)
        self.assertEqual(self.refusal(agreement.quote), expected)

    def test_an_agreement_without_the_organisations_legal_representative_is_refused(self):
        ready(self)
        Organisation.objects.update(legal_representative=" ")
        self.assertEqual(
            self.refusal(), [gettext("the training organisation's legal representative")]
        )
        # The quote is signed by the structure only.
        self.assertTrue(agreement.quote(self.cycle).startswith(b"%PDF-"))

    def test_without_payment_terms_both_are_refused(self):
        ready(self)
        Organisation.objects.update(payment_terms="\n ")
        expected = [gettext("the training organisation's payment terms, in the back office")]
        self.assertEqual(self.refusal(), expected)
        self.assertEqual(self.refusal(agreement.quote), expected)

    def test_without_a_price_both_are_refused(self):
        ready(self)
        Cycle.objects.filter(pk=self.cycle.pk).update(price=None)
        self.cycle.refresh_from_db()
        expected = [gettext("the price excluding tax, under “Edit the cycle”")]
        self.assertEqual(self.refusal(), expected)
        self.assertEqual(self.refusal(agreement.quote), expected)

    def test_a_free_cycle_is_priced_at_zero_not_refused(self):
        ready(self)
        Cycle.objects.filter(pk=self.cycle.pk).update(price=Decimal("0"))
        self.cycle.refresh_from_db()
        self.assertIn("Total à payer 0,00 €", one_line(agreement.agreement(self.cycle)))

    def test_an_agreement_without_place_or_schedule_is_refused(self):
        ready(self)
        Cycle.objects.filter(pk=self.cycle.pk).update(place="  ")
        self.cycle.refresh_from_db()
        self.cycle.slots.all().delete()
        self.assertEqual(
            self.refusal(),
            [
                gettext("the place of the training, under “Edit the cycle”"),
                gettext("the cycle's schedule"),
            ],
        )
        # A quote can be issued before: it says the place and dates are to be agreed.
        self.assertTrue(agreement.quote(self.cycle).startswith(b"%PDF-"))

    def test_an_agreement_without_the_structures_siret_address_or_signatory_is_refused(self):
        ready(self)
        Structure.objects.filter(pk=self.structure.pk).update(
            siret="", postal_code="", representative=""
        )
        self.cycle.refresh_from_db()
        name = {"name": "La Passerelle"}
        self.assertEqual(
            self.refusal(),
            [
                gettext("the SIRET of the structure %(name)s") % name,
                gettext("the address of the structure %(name)s, in the back office") % name,
                gettext("who signs the agreement for the structure %(name)s, in the back office")
                % name,
            ],
        )
        # The quote prints what it has of the structure.
        text = one_line(agreement.quote(self.cycle))
        self.assertIn("Destinataire La Passerelle 12 rue des Lilas, Lyon Action proposée", text)

    def test_every_missing_item_is_listed_at_once(self):
        self.cycle.slots.all().delete()
        Cycle.objects.filter(pk=self.cycle.pk).update(place="")
        self.cycle.refresh_from_db()
        # Out of the box: no representative, no payment terms, no price, no address.
        missing = self.refusal()
        self.assertEqual(len(missing), 7, missing)
        self.assertEqual(len(self.refusal(agreement.quote)), 2)


class DocumentViewTests(BaseTestCase):
    def url(self, name: str, cycle=None) -> str:
        return reverse(f"documents:{name}", args=[(cycle or self.cycle).code])

    def test_the_urls_end_in_devis_and_convention(self):
        code = self.cycle.code
        self.assertEqual(self.url("quote"), f"/cycles/{code}/devis.pdf")
        self.assertEqual(self.url("agreement"), f"/cycles/{code}/convention.pdf")

    def test_the_structures_contact_opens_the_quote_and_the_agreement_as_pdfs(self):
        ready(self)
        self.login(self.diane)
        for name, filename, expected in (
            ("quote", "devis-la-passerelle.pdf", "Bon pour accord"),
            ("agreement", "convention-la-passerelle.pdf", "Convention de formation"),
        ):
            r = self.client.get(self.url(name))
            self.assertEqual(r.status_code, 200)
            self.assertEqual(r["Content-Type"], "application/pdf")
            self.assertEqual(r["Content-Disposition"], f'inline; filename="{filename}"')
            self.assertIn(expected, one_line(r.content))

    def test_a_document_missing_data_is_a_page_that_lists_what_to_fill_in(self):
        self.login(self.bob)
        r = self.client.get(self.url("agreement"))
        for missing in (
            gettext("the training organisation's legal representative"),
            gettext("the price excluding tax, under “Edit the cycle”"),
            gettext("the training organisation's payment terms, in the back office"),
        ):
            self.assertContains(r, escape(missing), status_code=409)
        r = self.client.get(self.url("quote"))
        self.assertContains(
            r,
            escape(gettext("the price excluding tax, under “Edit the cycle”")),
            status_code=409,
        )

    def test_another_structures_contact_cannot_read_them(self):
        ready(self)
        self.login(self.eve)
        self.assertEqual(self.client.get(self.url("quote")).status_code, 404)
        self.assertEqual(self.client.get(self.url("agreement")).status_code, 404)
