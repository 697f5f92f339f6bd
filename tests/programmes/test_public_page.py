"""The public programme page: every element of the client's text and every indicator 1 mention."""

from __future__ import annotations

import re
import shutil
import tempfile
import tomllib
import unittest
from html import unescape
from pathlib import Path

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import strip_tags

from acunum.programmes.loader import DEFAULT_PROGRAMME, load_programme
from acunum.test import BaseTestCase

# The client's own text. CI checks out shared/ beside the repository, so it is there.
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "acunum-programme.txt"
PROGRAMME = tomllib.loads(DEFAULT_PROGRAMME.read_text(encoding="utf-8"))

# Lines of the seed that are section headings: the page has its own, translatable headings.
SEED_HEADINGS = {
    "Objectifs",
    "Durée de la formation",
    "Nombre de stagiaires",
    "Public visé et pré-requis",
    "Contenu",
    "Financement",
}


def flat(text: str) -> str:
    return " ".join(text.split())


class PublicPageTestCase(BaseTestCase):
    def get_text(self, url: str | None = None) -> str:
        """The page as a reader sees it: no tags, entities decoded, whitespace collapsed."""
        r = self.client.get(url or reverse("programmes:public", args=["acunum"]))
        self.assertEqual(r.status_code, 200)
        return flat(unescape(strip_tags(r.content.decode())))

    def assertShows(self, page: str, *texts: str) -> None:
        for text in texts:
            self.assertIn(flat(text), page)


class SeedTests(PublicPageTestCase):
    @unittest.skipUnless(SEED.exists(), "the client's seed text is not beside the repository")
    def test_it_shows_every_line_of_the_clients_text(self):
        page = self.get_text()
        folded = page.casefold()
        # Lines the programme file words differently, and what must appear instead.
        reworded = {
            "Public visé : ": [
                PROGRAMME["public"]["text"].rstrip("."),
                "CHRS",
                "MECS",
                "MJC",
                "centres socioculturels",
                "de l’école à l’université",
                "médiathèques",
                "CAF",
                "Maisons de l’Emploi",
            ],
            "Pré-requis : ": [
                "pratiques numériques usuelles (email, navigation, traitement de texte, etc.)"
            ],
            "Exemples : ": [
                "découvrir un réseau social numérique",
                "affiner des actions vers un public s’appuyant sur des usages numériques "
                "(vidéos, cartoparties, etc.)",
                "définir par la pratique l’usage du smartphone dans un cadre professionnel",
            ],
            # The seed speaks as the freelance trainer; the OF publishes the page.
            "J’interviens via ": [
                "organisme de formation certifié Qualiopi",
                "par l’OPCO de la structure demandeuse, dans le cadre de son plan de formation",
            ],
        }
        checked = 0
        for raw in SEED.read_text(encoding="utf-8").splitlines():
            line = flat(raw.lstrip(" •"))
            if not line or line in SEED_HEADINGS:
                continue
            checked += 1
            prefix = next((p for p in reworded if line.startswith(p)), None)
            if prefix:
                for fragment in reworded[prefix]:
                    self.assertIn(fragment.casefold(), folded, f"seed line: {line}")
            elif re.match(r"(Jour \d|Demi-journée 8) : ", line):
                # "Jour 1 : title" is shown as "J1 · title".
                self.assertIn(line.split(" : ", 1)[1], page, f"seed line: {line}")
            else:
                self.assertIn(line, page, f"seed line: {line}")
        self.assertGreater(checked, 30)


class ContentTests(PublicPageTestCase):
    def test_it_needs_no_login(self):
        r = self.client.get(reverse("programmes:public", args=["acunum"]))
        self.assertEqual(r.status_code, 200)

    def test_it_shows_the_title_and_the_long_name(self):
        self.assertShows(
            self.get_text(), "ACUNUM : cycle d’Accompagnement aux Cultures et Usages NUMériques"
        )

    def test_it_shows_the_three_objectives(self):
        page = self.get_text()
        self.assertEqual(len(PROGRAMME["objectives"]), 3)
        self.assertShows(page, *PROGRAMME["objectives"])
        self.assertShows(page, "Approfondir la réflexivité collective")

    def test_it_shows_the_duration_and_the_group_size(self):
        self.assertShows(
            self.get_text(), "56 heures soit l’équivalent de 8 jours.", "14 stagiaires maximum."
        )

    def test_it_shows_the_public_with_every_type_of_structure_and_the_prerequisites(self):
        page = self.get_text()
        labels = [kind["label"] for kind in PROGRAMME["public"]["structure_types"]]
        self.assertEqual(len(labels), 5)
        self.assertShows(page, PROGRAMME["public"]["text"], *labels)
        self.assertShows(page, PROGRAMME["prerequisites"]["text"])
        self.assertShows(page, PROGRAMME["prerequisites"]["positioning"])

    def test_it_shows_the_four_days_of_session_one_with_their_descriptions(self):
        page = self.get_text()
        days = PROGRAMME["parts"][0]["sequences"]
        self.assertEqual([d["code"] for d in days], ["J1", "J2", "J3", "J4"])
        for day in days:
            self.assertShows(page, f"{day['code']} · {day['title']}", day["text"])
        self.assertShows(page, "Et vous, c’est quoi votre numérique ?", "Gérons nos traces")

    def test_it_shows_the_seven_common_core_items(self):
        page = self.get_text()
        core = PROGRAMME["parts"][1]["groups"][0]
        self.assertEqual(len(core["points"]), 7)
        self.assertShows(page, core["title"], *core["points"])

    def test_it_shows_the_usages_requested_by_the_trainees_with_the_examples(self):
        page = self.get_text()
        requested = PROGRAMME["parts"][1]["groups"][1]
        self.assertShows(page, requested["title"], *requested["examples"])

    def test_it_shows_the_two_points_of_the_last_half_day(self):
        page = self.get_text()
        dj8 = PROGRAMME["parts"][1]["sequences"][-1]
        self.assertEqual(len(dj8["points"]), 2)
        self.assertShows(page, "DJ8 · Bilan et suite", *dj8["points"])

    def test_it_shows_both_phases_and_the_themes_of_the_accompaniment(self):
        page = self.get_text()
        for phase in PROGRAMME["phases"]:
            self.assertShows(page, phase["title"], phase["text"])
        self.assertShows(page, *PROGRAMME["phases"][1]["themes"])
        self.assertShows(page, "développement de la médiation numérique en interne")

    def test_it_shows_the_funding(self):
        self.assertShows(self.get_text(), PROGRAMME["funding"]["text"])


class IndicatorOneTests(PublicPageTestCase):
    """Qualiopi indicator 1: what the public must be able to read before asking for a cycle."""

    def test_it_shows_the_methods_and_the_evaluation(self):
        page = self.get_text()
        self.assertShows(page, *PROGRAMME["delivery"]["methods"])
        self.assertShows(page, *PROGRAMME["delivery"]["evaluation"])

    def test_it_shows_the_access_conditions_the_delay_and_the_price(self):
        page = self.get_text()
        delivery = PROGRAMME["delivery"]
        self.assertShows(page, delivery["access"], delivery["delay"], delivery["price"])
        self.assertShows(page, "Sur devis")

    def test_it_shows_the_accessibility_with_the_disability_referents_contact(self):
        page = self.get_text()
        self.assertShows(page, PROGRAMME["delivery"]["accessibility"])
        self.assertShows(page, "Rita Référente", "handicap@example.org")

    def test_it_shows_the_organisations_contact_and_registration(self):
        page = self.get_text()
        self.assertShows(page, "Organisme Test", "1 rue Test, 69001 Lyon", "of@example.org")
        self.assertShows(page, "11122233300044", "11223344556", "Q-1")

    def test_it_shows_the_date_of_last_update_and_the_version(self):
        r = self.client.get(
            reverse("programmes:public", args=["acunum"]), HTTP_ACCEPT_LANGUAGE="fr"
        )
        with translation.override("fr"):
            updated = date_format(self.version.updated, "j F Y")
        self.assertEqual(updated, "28 novembre 2026")
        self.assertContains(r, updated)

    def test_it_still_renders_before_the_organisation_is_entered(self):
        self.organisation.delete()
        page = self.get_text()
        self.assertShows(page, *PROGRAMME["objectives"])
        self.assertNotIn("handicap@example.org", page)


class VersionTests(PublicPageTestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="acunum-public-"))
        self.addCleanup(shutil.rmtree, self.dir)

    def load_changed_objective(self):
        old = PROGRAMME["objectives"][0]
        path = self.dir / "acunum.toml"
        path.write_text(
            DEFAULT_PROGRAMME.read_text(encoding="utf-8").replace(old, "Un objectif révisé ;"),
            encoding="utf-8",
        )
        version, created = load_programme(path)
        self.assertTrue(created)
        return old, version

    def test_the_programme_url_shows_the_latest_version(self):
        old, _version = self.load_changed_objective()
        page = self.get_text()
        self.assertShows(page, "Un objectif révisé ;")
        self.assertNotIn(old, page)

    def test_an_old_version_stays_reachable_at_its_own_url(self):
        old, _version = self.load_changed_objective()
        url = reverse("programmes:public-version", args=["acunum", 1])
        page = self.get_text(url)
        self.assertShows(page, old)
        self.assertNotIn("Un objectif révisé", page)
        r = self.client.get(url)
        current = reverse("programmes:public", args=["acunum"])
        self.assertContains(r, f'href="{current}"')

    def test_a_version_that_does_not_exist_is_not_found(self):
        for number in (0, 2, 99):
            url = reverse("programmes:public-version", args=["acunum", number])
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_an_unknown_programme_is_not_found(self):
        r = self.client.get(reverse("programmes:public", args=["inconnu"]))
        self.assertEqual(r.status_code, 404)

    def test_it_refuses_to_be_posted_to(self):
        r = self.client.post(reverse("programmes:public", args=["acunum"]))
        self.assertEqual(r.status_code, 405)


class GroupWithoutPointsTests(BaseTestCase):
    def test_a_group_with_only_examples_shows_no_raw_data(self):
        # Django templates resolve `group.items` to dict.items() when the key is missing: the
        # page once listed ('code', 'requested_usages') tuples.
        page = self.client.get(reverse("programmes:public", args=["acunum"])).content.decode()
        self.assertNotIn("requested_usages", page)
        self.assertNotIn("(&#x27;", page)
