"""A trainee's action plan from their personal link: one to three commitments, each with a usage
and a date to aim for, written from DJ8 on and rewritten until the accompaniment is closed."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.cycles.models import Cycle, Enrolment, Slot
from acunum.plans import commitments
from acunum.plans.commitments import NO_USAGE, Refused
from acunum.plans.models import Commitment, StatusChange
from acunum.test import BaseTestCase, database_state
from tests.plans.world import close, commit, fields, form_data


class PlanPageTests(BaseTestCase):
    def url(self, name="trainee-plan", *args, token=None):
        return reverse(f"plans:{name}", args=[token or self.dominique_token, *args])

    def test_the_trainee_home_links_to_the_plan(self):
        r = self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        self.assertContains(r, self.url())

    def test_an_empty_plan_offers_the_form_of_a_first_commitment(self):
        r = self.client.get(self.url())
        self.assertContains(r, _("My first commitment"))
        self.assertContains(r, 'name="usage"')
        self.assertContains(r, 'name="by_when"')

    def test_a_commitment_is_added_with_everything_the_trainee_wrote(self):
        r = self.client.post(self.url(), form_data(usage="  Un groupe Signal avec les familles  "))
        self.assertRedirects(r, self.url() + "#engagement-1", fetch_redirect_response=False)
        commitment = self.dominique.commitments.get()
        self.assertEqual(commitment.number, 1)
        self.assertEqual(commitment.usage, "Un groupe Signal avec les familles")
        self.assertEqual(commitment.with_whom, "Les collègues du pôle famille")
        self.assertEqual(commitment.by_when, timezone.localdate() + timedelta(days=60))
        self.assertEqual(commitment.first_step, "En parler à la réunion d’équipe de lundi")
        self.assertEqual(commitment.support, "Une heure avec le service informatique")
        page = self.client.get(self.url())
        self.assertContains(page, "Un groupe Signal avec les familles")
        self.assertContains(page, _("Another commitment"))

    def test_three_commitments_fit_and_a_fourth_is_refused(self):
        for usage in ("Un agenda partagé", "Un groupe Signal", "Une charte du smartphone"):
            self.client.post(self.url(), form_data(usage=usage))
        self.assertEqual(
            list(self.dominique.commitments.values_list("number", "usage")),
            [(1, "Un agenda partagé"), (2, "Un groupe Signal"), (3, "Une charte du smartphone")],
        )
        page = self.client.get(self.url())
        self.assertNotContains(page, 'name="usage"')
        before = database_state()
        r = self.client.post(self.url(), form_data(usage="Un quatrième usage"))
        self.assertContains(
            r,
            _(
                "Your action plan already has three commitments, the most it can hold: "
                "change or remove one rather than adding a fourth."
            ),
        )
        self.assertEqual(database_state(), before)

    def test_the_database_itself_refuses_a_fourth_commitment(self):
        for _n in range(3):
            commit(self.dominique)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Commitment.objects.create(enrolment=self.dominique, number=4, **fields())

    def test_a_commitment_without_a_usage_is_refused_naming_the_field(self):
        before = database_state()
        r = self.client.post(self.url(), form_data(usage="   "))
        self.assertContains(r, str(NO_USAGE))
        self.assertContains(r, 'href="#id_usage"')
        self.assertEqual(database_state(), before)

    def test_the_rule_refuses_a_usage_left_empty_whatever_the_path(self):
        with self.assertRaisesMessage(Refused, str(NO_USAGE)):
            commit(self.dominique, usage="")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Commitment.objects.create(enrolment=self.dominique, number=1, **fields(usage=""))

    def test_a_date_in_the_past_is_refused(self):
        before = database_state()
        yesterday = timezone.localdate() - timedelta(days=1)
        r = self.client.post(self.url(), form_data(by_when=yesterday))
        self.assertContains(r, "est déjà passée : choisissez aujourd’hui ou une date plus tardive")
        self.assertEqual(database_state(), before)

    def test_today_is_a_date_one_can_aim_for(self):
        self.client.post(self.url(), form_data(by_when=timezone.localdate()))
        self.assertEqual(self.dominique.commitments.get().by_when, timezone.localdate())

    def test_a_missing_or_malformed_date_is_refused(self):
        before = database_state()
        r = self.client.post(self.url(), form_data(by_when=None))
        self.assertContains(r, str(commitments.NO_BY_WHEN))
        r = self.client.post(self.url(), {**form_data(), "by_when": "31/02/2027"})
        self.assertContains(r, 'href="#id_by_when"')
        self.assertEqual(database_state(), before)

    def test_another_trainees_link_sees_only_their_own_plan(self):
        commit(self.dominique, usage="L’usage de Dominique")
        r = self.client.get(self.url(token=self.eden_token))
        self.assertNotContains(r, "L’usage de Dominique")
        self.assertEqual(
            self.client.get(self.url("trainee-edit", 1, token=self.eden_token)).status_code, 404
        )


class PlanWindowTests(BaseTestCase):
    def url(self, name="trainee-plan", *args):
        return reverse(f"plans:{name}", args=[self.dominique_token, *args])

    def test_the_plan_opens_on_dj8(self):
        dj8 = self.cycle.slots.get(sequence__code="DJ8")
        Slot.objects.filter(pk=dj8.pk).update(date=timezone.localdate() + timedelta(days=2))
        page = self.client.get(self.url())
        self.assertContains(page, "DJ8")
        self.assertNotContains(page, 'name="usage"')
        before = database_state()
        self.client.post(self.url(), form_data())
        self.assertEqual(database_state(), before)
        Slot.objects.filter(pk=dj8.pk).update(date=timezone.localdate())
        self.client.post(self.url(), form_data())
        self.assertEqual(self.dominique.commitments.count(), 1)

    def test_a_cycle_without_schedule_has_no_plan_yet(self):
        self.cycle.slots.all().delete()
        with self.assertRaisesMessage(Refused, "pas encore planifiée"):
            commit(self.dominique)


class RewriteTests(BaseTestCase):
    def url(self, name="trainee-edit", *args):
        return reverse(f"plans:{name}", args=[self.dominique_token, *args])

    def test_the_trainee_rewrites_a_commitment(self):
        commit(self.dominique)
        page = self.client.get(self.url("trainee-edit", 1))
        self.assertContains(page, "Un agenda partagé pour l’équipe")
        self.client.post(
            self.url("trainee-edit", 1), form_data(usage="Un agenda partagé Nextcloud")
        )
        self.assertEqual(self.dominique.commitments.get().usage, "Un agenda partagé Nextcloud")

    def test_a_deadline_gone_by_since_may_stay_but_a_new_one_must_come(self):
        commitment = commit(self.dominique)
        gone = timezone.localdate() - timedelta(days=10)
        Commitment.objects.filter(pk=commitment.pk).update(by_when=gone)
        self.client.post(self.url("trainee-edit", 1), form_data(by_when=gone, why="Mis à jour"))
        commitment.refresh_from_db()
        self.assertEqual((commitment.why, commitment.by_when), ("Mis à jour", gone))
        before = database_state()
        r = self.client.post(
            self.url("trainee-edit", 1), form_data(by_when=gone - timedelta(days=1))
        )
        self.assertContains(r, "est déjà passée")
        self.assertEqual(database_state(), before)

    def test_a_rewrite_without_a_usage_is_refused(self):
        commit(self.dominique)
        before = database_state()
        r = self.client.post(self.url("trainee-edit", 1), form_data(usage=""))
        self.assertContains(r, str(NO_USAGE))
        self.assertEqual(database_state(), before)

    def test_a_commitment_without_follow_up_can_be_removed_and_its_number_reused(self):
        commit(self.dominique, usage="Premier")
        commit(self.dominique, usage="Deuxième")
        self.client.post(self.url("trainee-remove", 1))
        self.assertEqual(list(self.dominique.commitments.values_list("number", flat=True)), [2])
        commit(self.dominique, usage="Nouveau premier")
        self.assertEqual(self.dominique.commitments.get(number=1).usage, "Nouveau premier")

    def test_a_commitment_with_a_history_cannot_be_removed(self):
        commitment = commit(self.dominique)
        commitments.record_status(
            commitment, "under_way", "", commitments.Author.trainee(self.dominique), timezone.now()
        )
        before = database_state()
        r = self.client.post(self.url("trainee-remove", 1), follow=True)
        self.assertContains(
            r, "il ne peut pas être retiré, mais il peut être marqué comme abandonné"
        )
        self.assertEqual(database_state(), before)

    def test_a_closed_accompaniment_refuses_every_change_of_the_trainee(self):
        commit(self.dominique)
        close(self.cycle, self.bob)
        before = database_state()
        refused = _("The accompaniment is closed: the commitments no longer change.")
        r = self.client.post(self.url("trainee-edit", 1), form_data(usage="Autre chose"))
        self.assertContains(r, refused)
        r = self.client.post(
            reverse("plans:trainee-plan", args=[self.dominique_token]), form_data()
        )
        self.assertContains(r, refused)
        r = self.client.post(self.url("trainee-remove", 1), follow=True)
        self.assertContains(r, refused)
        pk = self.dominique.commitments.get().pk
        r = self.client.post(
            self.url("trainee-status", 1),
            {f"c{pk}-status": "done", f"c{pk}-note": ""},
            follow=True,
        )
        self.assertContains(r, refused)
        self.assertEqual(database_state(), before)
        page = self.client.get(reverse("plans:trainee-plan", args=[self.dominique_token]))
        self.assertNotContains(page, 'name="usage"')
        self.assertNotContains(page, f'name="c{pk}-status"')
        self.assertEqual(StatusChange.objects.count(), 0)

    def test_a_closed_or_cancelled_cycle_refuses_every_change(self):
        commit(self.dominique)
        for status, words in [
            (Cycle.Status.CLOSED, "Ce cycle est clos"),
            (Cycle.Status.CANCELLED, "Ce cycle est annulé"),
        ]:
            with self.subTest(status=status):
                Cycle.objects.filter(pk=self.cycle.pk).update(status=status)
                # Loaded again, as each request loads it.
                dominique = Enrolment.objects.get(pk=self.dominique.pk)
                commitment = dominique.commitments.get()
                before = database_state()
                with self.assertRaisesMessage(Refused, words):
                    commit(dominique)
                with self.assertRaisesMessage(Refused, words):
                    commitments.change(commitment, fields(usage="Autre"), timezone.now())
                with self.assertRaisesMessage(Refused, words):
                    author = commitments.Author.trainee(dominique)
                    commitments.record_status(commitment, "done", "", author, timezone.now())
                self.assertEqual(database_state(), before)
