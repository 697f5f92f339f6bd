"""Where a commitment stands, over time: said by the trainee from their link, by the structure's
contact or by the trainer; appended to a history that is never rewritten; the latest is current."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.plans import commitments
from acunum.plans.commitments import Author, Refused
from acunum.plans.models import StatusChange
from acunum.test import BaseTestCase, database_state
from tests.plans.world import close, commit


class StatusHistoryTests(BaseTestCase):
    def setUp(self):
        self.commitment = commit(self.dominique)

    def trainee_says(self, status, note="", follow=False):
        pk = self.commitment.pk
        return self.client.post(
            reverse("plans:trainee-status", args=[self.dominique_token, 1]),
            {f"c{pk}-status": status, f"c{pk}-note": note},
            follow=follow,
        )

    def staff_says(self, user, status, note="", follow=False):
        # Logging in writes the user's last login: a test that compares the database logs in
        # before it looks.
        if self.client.session.get("_auth_user_id") != str(user.pk):
            self.login(user)
        pk = self.commitment.pk
        return self.client.post(
            reverse("plans:status", args=[self.cycle.code, pk]),
            {f"c{pk}-status": status, f"c{pk}-note": note},
            follow=follow,
        )

    def test_the_trainee_the_contact_and_the_trainer_each_add_a_line(self):
        self.trainee_says("under_way", "J’ai créé l’agenda")
        self.staff_says(self.diane, "under_way", "Vu en réunion de direction")
        self.staff_says(self.bob, "done", "Utilisé par toute l’équipe")
        history = list(
            self.commitment.changes.values_list("status", "by", "name", "note", "user__username")
        )
        self.assertEqual(
            history,
            [
                ("under_way", "trainee", "Dominique Test", "J’ai créé l’agenda", None),
                ("under_way", "contact", "Diane Test", "Vu en réunion de direction", "diane"),
                ("done", "trainer", "Bob Test", "Utilisé par toute l’équipe", "bob"),
            ],
        )
        self.assertEqual(commitments.current_status(self.commitment).status, "done")

    def test_the_of_admin_speaks_for_the_training_organisation(self):
        self.staff_says(self.alice, "under_way")
        self.assertEqual(self.commitment.changes.get().by, StatusChange.By.TRAINER)

    def test_the_current_status_is_the_latest_and_the_history_shows_every_one(self):
        at = timezone.now() - timedelta(days=30)
        trainee = Author.trainee(self.dominique)
        commitments.record_status(self.commitment, "under_way", "Commencé", trainee, at)
        commitments.record_status(
            self.commitment,
            "abandoned",
            "Le logiciel n’est pas autorisé",
            trainee,
            at + timedelta(days=1),
        )
        current = commitments.current_status(
            self.dominique.commitments.prefetch_related("changes").get()
        )
        self.assertEqual(
            (current.status, current.note), ("abandoned", "Le logiciel n’est pas autorisé")
        )
        page = self.client.get(reverse("plans:trainee-plan", args=[self.dominique_token]))
        self.assertContains(page, _("Abandoned"))
        self.assertContains(page, "Commencé")
        self.assertContains(page, "Le logiciel n’est pas autorisé")

    def test_a_commitment_with_no_word_yet_is_not_started(self):
        self.assertIsNone(commitments.current_status(self.commitment))
        page = self.client.get(reverse("plans:trainee-plan", args=[self.dominique_token]))
        self.assertContains(page, _("Not started"))

    def test_abandoning_needs_a_reason(self):
        self.login(self.diane)
        before = database_state()
        r = self.trainee_says("abandoned", "  ")
        self.assertContains(r, _("Say why the commitment is abandoned, in the “Note” field."))
        r = self.staff_says(self.diane, "abandoned")
        self.assertContains(r, _("Say why the commitment is abandoned, in the “Note” field."))
        self.assertEqual(database_state(), before)
        with self.assertRaises(IntegrityError), transaction.atomic():
            StatusChange.objects.create(
                commitment=self.commitment, status="abandoned", by="trainee", name="Dominique"
            )

    def test_an_unknown_status_is_refused(self):
        before = database_state()
        r = self.trainee_says("forgotten")
        self.assertContains(r, _("Choose where the commitment stands in the “Status” list."))
        self.assertEqual(database_state(), before)
        with self.assertRaisesMessage(Refused, "« Statut »"):
            commitments.record_status(
                self.commitment, "forgotten", "", Author.trainee(self.dominique), timezone.now()
            )

    def test_a_line_of_the_history_is_never_rewritten(self):
        change = commitments.record_status(
            self.commitment, "under_way", "", Author.trainee(self.dominique), timezone.now()
        )
        change.status = "done"
        with self.assertRaises(ValidationError):
            change.save()
        change.refresh_from_db()
        self.assertEqual(change.status, "under_way")

    def test_a_trainee_cannot_speak_with_a_staff_account(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            StatusChange.objects.create(
                commitment=self.commitment, status="done", by="trainee", name="X", user=self.bob
            )

    def test_a_closed_accompaniment_refuses_a_status_from_anyone(self):
        close(self.cycle, self.bob)
        refused = _("The accompaniment is closed: the commitments no longer change.")
        for user in (None, self.diane, self.bob):
            with self.subTest(user=user):
                if user:
                    self.login(user)
                before = database_state()
                if user:
                    r = self.staff_says(user, "done", follow=True)
                else:
                    r = self.trainee_says("done", follow=True)
                self.assertContains(r, refused)
                self.assertEqual(database_state(), before)

    def test_the_contact_of_another_structure_cannot_say_where_it_stands(self):
        for user in (self.eve, self.charlie):
            with self.subTest(user=user.username):
                self.login(user)
                before = database_state()
                self.assertEqual(self.staff_says(user, "done").status_code, 404)
                self.assertEqual(database_state(), before)

    def test_a_commitment_of_another_cycle_is_not_reached_through_this_one(self):
        farids = commit(self.farid)
        self.login(self.diane)
        r = self.client.post(
            reverse("plans:status", args=[self.cycle.code, farids.pk]),
            {f"c{farids.pk}-status": "done"},
        )
        self.assertEqual(r.status_code, 404)
        self.assertFalse(farids.changes.exists())
