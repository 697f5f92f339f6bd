"""The trainer's day page, the activity form, the facilitator's page and its buttons."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase, database_state
from acunum.workshops.models import Activity, ProposedDay
from tests.workshops.world import as_trainee, make_activity, send


def url(name, activity, *extra):
    return reverse(
        f"workshops:{name}",
        args=[activity.cycle.code, activity.sequence.code, activity.join_code, *extra],
    )


class DayPageTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)

    def test_the_cycle_page_links_each_day(self):
        r = self.client.get(self.cycle.get_absolute_url())
        for code in ("J1", "J2", "J3", "J4"):
            self.assertContains(r, reverse("workshops:day", args=[self.cycle.code, code]))

    def test_the_contact_sees_no_activity_section(self):
        self.client.logout()
        self.login(self.diane)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertNotContains(r, reverse("workshops:day", args=[self.cycle.code, "J1"]))

    def test_the_day_lists_its_activities_in_order_with_their_buttons(self):
        ProposedDay.objects.create(cycle=self.cycle, sequence=self.version.sequences.get(code="J1"))
        first = make_activity(self, title="Premier", state="draft")
        second = make_activity(self, title="Second")
        r = self.client.get(reverse("workshops:day", args=[self.cycle.code, "J1"]))
        content = r.content.decode()
        self.assertLess(content.index("Premier"), content.index("Second"))
        self.assertContains(r, url("activity", first))
        self.assertContains(r, url("projector", second))
        self.assertContains(r, first.spaced_code)

    def test_an_unknown_day_is_not_found(self):
        r = self.client.get(reverse("workshops:day", args=[self.cycle.code, "J9"]))
        self.assertEqual(r.status_code, 404)

    def test_reordering(self):
        a = make_activity(self, title="A", state="draft")
        b = make_activity(self, title="B", state="draft")
        r = self.client.post(url("move", b), {"direction": "up"})
        self.assertEqual(r.status_code, 302)
        day = Activity.objects.of_day(self.cycle, a.sequence)
        self.assertEqual([x.title for x in day], ["B", "A"])
        before = database_state()
        self.client.post(url("move", b), {"direction": "sideways"})
        self.assertEqual(database_state(), before)


class ActivityFormTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)

    def test_adding_a_poll(self):
        new = reverse("workshops:new", args=[self.cycle.code, "J3"])
        self.assertEqual(self.client.get(new).status_code, 200)
        r = self.client.post(
            new,
            {
                "kind": "poll",
                "title": "Qui vous suit ?",
                "prompt": "Une seule réponse.",
                "choices": "Google\nMon employeur\n\nPersonne",
                "anonymous": "on",
            },
        )
        self.assertEqual(r.status_code, 302)
        activity = Activity.objects.get(title="Qui vous suit ?")
        self.assertEqual(activity.sequence.code, "J3")
        self.assertEqual(
            activity.settings,
            {"choices": ["Google", "Mon employeur", "Personne"], "multiple": False},
        )
        self.assertTrue(activity.anonymous)
        self.assertEqual(activity.state, "draft")

    def test_bad_settings_are_named_and_nothing_is_stored(self):
        new = reverse("workshops:new", args=[self.cycle.code, "J3"])
        before = database_state()
        r = self.client.post(new, {"kind": "poll", "title": "Sondage", "choices": "Seul"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'href="#id_choices"')
        self.assertEqual(database_state(), before)
        r = self.client.post(new, {"kind": "moving_debate", "title": "Débat", "rounds": "9"})
        self.assertContains(r, 'href="#id_rounds"')
        self.assertContains(r, 'href="#id_statement"')
        self.assertEqual(database_state(), before)

    def test_anonymity_cannot_be_switched_off_in_the_form_once_answered(self):
        activity = make_activity(self, anonymous=True)
        send(activity, as_trainee(self.dominique), word="partage")
        page = self.client.get(url("edit", activity))
        self.assertContains(
            page,
            _(
                "Someone has already answered: the title and the instructions may still change, "
                "but not the kind, the anonymity or the settings."
            ),
        )
        before = database_state()
        r = self.client.post(
            url("edit", activity),
            {"kind": "word_cloud", "title": "Autre titre", "words_per_person": "3"},
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'href="#id_anonymous"')
        self.assertEqual(database_state(), before)
        # The title alone may change.
        r = self.client.post(
            url("edit", activity),
            {
                "kind": "word_cloud",
                "title": "Autre titre",
                "words_per_person": "3",
                "anonymous": "on",
            },
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Activity.objects.get(pk=activity.pk).title, "Autre titre")

    def test_settings_are_free_to_change_before_anyone_answers(self):
        activity = make_activity(self, anonymous=True)
        r = self.client.post(
            url("edit", activity),
            {"kind": "word_cloud", "title": "Cinq mots", "words_per_person": "5"},
        )
        self.assertEqual(r.status_code, 302)
        activity.refresh_from_db()
        self.assertEqual((activity.anonymous, activity.settings), (False, {"words_per_person": 5}))


class FacilitatorTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)

    def test_launch_lock_close_from_the_buttons(self):
        activity = make_activity(self, state="draft")
        self.client.post(url("state", activity), {"state": "open"})
        activity.refresh_from_db()
        self.assertEqual(activity.state, "open")
        self.client.post(url("state", activity), {"state": "locked", "back": "day"})
        activity.refresh_from_db()
        self.assertEqual(activity.state, "locked")
        r = self.client.post(url("state", activity), {"state": "draft"}, follow=True)
        self.assertContains(r, "message-error")
        activity.refresh_from_db()
        self.assertEqual(activity.state, "locked")

    def test_showing_and_hiding_results(self):
        activity = make_activity(self, "poll")
        self.client.post(url("results", activity), {"shown": "1"})
        activity.refresh_from_db()
        self.assertTrue(activity.results_shown)
        self.client.post(url("results", activity), {"shown": "0"})
        activity.refresh_from_db()
        self.assertFalse(activity.results_shown)

    def test_the_facilitator_sees_names_in_a_named_activity_only(self):
        named = make_activity(self)
        send(named, as_trainee(self.dominique), word="partage")
        self.assertContains(self.client.get(url("activity", named)), "Dominique")
        anonymous = make_activity(self, anonymous=True, title="Anonyme")
        send(anonymous, as_trainee(self.dominique), word="partage")
        r = self.client.get(url("activity", anonymous))
        self.assertContains(r, "partage")
        self.assertNotContains(r, "Dominique")

    def test_markup_is_shown_as_text(self):
        activity = make_activity(self, results_shown=True)
        send(activity, as_trainee(self.dominique), word="<img src=x onerror=alert(1)>")
        for page in ("activity", "projector"):
            r = self.client.get(url(page, activity))
            self.assertNotContains(r, "<img src=x")
            self.assertContains(r, "img src=x onerror=alert(1")  # as text, escaped

    def test_next_round(self):
        activity = make_activity(self, "moving_debate")
        self.client.post(url("next-round", activity))
        activity.refresh_from_db()
        self.assertEqual(activity.round, 2)


class DeleteTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)

    def test_the_confirmation_says_what_goes_with_the_activity(self):
        activity = make_activity(self)
        send(activity, as_trainee(self.dominique), word=["partage", "lien"])
        activity.change_state("closed")
        r = self.client.get(url("delete", activity))
        self.assertContains(r, "2 contributions, de 1 participant(s)")
        self.assertContains(r, _("Delete the activity"))

    def test_a_closed_activity_is_deleted_with_its_answers(self):
        activity = make_activity(self)
        send(activity, as_trainee(self.dominique), word="partage")
        activity.change_state("closed")
        r = self.client.post(url("delete", activity), follow=True)
        self.assertRedirects(r, reverse("workshops:day", args=[self.cycle.code, "J1"]))
        self.assertContains(r, f"« {activity.title} » est supprimée.")
        self.assertFalse(Activity.objects.filter(pk=activity.pk).exists())
        self.assertFalse(activity.contributions.exists())
        self.assertFalse(activity.participants.exists())

    def test_a_running_activity_is_not_deleted(self):
        for state in ("open", "locked"):
            activity = make_activity(self, title=f"En cours {state}")
            send(activity, as_trainee(self.dominique), word="partage")
            if state == "locked":
                activity.change_state("locked")
            before = database_state()
            r = self.client.post(url("delete", activity), follow=True)
            self.assertContains(r, "est en cours : fermez-la avant de la supprimer.")
            self.assertEqual(database_state(), before)
            page = self.client.get(url("delete", activity))
            self.assertNotContains(page, _("Delete the activity"))

    def test_the_other_activities_keep_their_order(self):
        first = make_activity(self, title="Premier", state="draft")
        second = make_activity(self, title="Second", state="draft")
        third = make_activity(self, title="Troisième", state="draft")
        self.client.post(url("delete", second))
        third.move(-1)
        day = Activity.objects.of_day(self.cycle, first.sequence)
        self.assertEqual([a.title for a in day], ["Troisième", "Premier"])

    def test_the_edit_page_links_the_deletion(self):
        activity = make_activity(self, state="draft")
        self.assertContains(self.client.get(url("edit", activity)), url("delete", activity))
