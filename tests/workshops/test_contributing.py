"""Storing what phones send: once per identifier, anonymously when promised, only while open."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase, database_state
from acunum.workshops.contributing import Refused, anonymous_ballot
from acunum.workshops.kinds import Invalid
from acunum.workshops.models import Activity, Contribution, Participant
from tests.workshops.world import as_pseudonym, as_trainee, make_activity, send


class OncePerIdentifierTests(BaseTestCase):
    def test_the_same_answer_sent_twice_is_stored_once(self):
        activity = make_activity(self)
        ident = uuid.uuid4()
        first = send(activity, as_trainee(self.dominique), ident, word=["partage", "lien"])
        again = send(activity, as_trainee(self.dominique), ident, word=["partage", "lien"])
        self.assertTrue(first.created)
        self.assertFalse(again.created)
        self.assertEqual(activity.contributions.count(), 2)  # two words, each once
        self.assertEqual(Participant.objects.get(activity=activity).sent, 2)
        self.assertEqual(again.participant, first.participant)

    def test_a_retry_is_answered_as_stored_even_after_the_activity_is_locked(self):
        activity = make_activity(self, "poll")
        ident = uuid.uuid4()
        send(activity, as_trainee(self.dominique), ident, choice="0")
        activity.change_state("locked")
        again = send(activity, as_trainee(self.dominique), ident, choice="0")
        self.assertFalse(again.created)
        self.assertEqual(activity.contributions.count(), 1)

    def test_an_identifier_of_another_activity_is_refused(self):
        one, other = make_activity(self), make_activity(self, title="Autre")
        ident = uuid.uuid4()
        send(one, as_trainee(self.dominique), ident, word="partage")
        with self.assertRaises(Refused):
            send(other, as_trainee(self.dominique), ident, word="partage")

    def test_an_identifier_of_another_persons_answer_is_refused(self):
        activity = make_activity(self)
        ident = uuid.uuid4()
        send(activity, as_trainee(self.dominique), ident, word="partage")
        with self.assertRaises(Refused):
            send(activity, as_trainee(self.eden), ident, word="partage")


class LimitsTests(BaseTestCase):
    def test_n_words_per_person_across_answers(self):
        activity = make_activity(self)
        send(activity, as_trainee(self.dominique), word=["un", "deux"])
        before = database_state()
        with self.assertRaises(Invalid):
            send(activity, as_trainee(self.dominique), word=["trois", "quatre"])
        self.assertEqual(database_state(), before)
        send(activity, as_trainee(self.dominique), word=["trois"])
        self.assertEqual(Participant.objects.get(activity=activity).sent, 3)

    def test_a_poll_is_answered_once(self):
        activity = make_activity(self, "poll")
        send(activity, as_trainee(self.dominique), choice="1")
        with self.assertRaises(Invalid) as caught:
            send(activity, as_trainee(self.dominique), choice="0")
        self.assertEqual(
            caught.exception.errors["choice"], _("You have already answered this poll.")
        )

    def test_a_pseudonym_is_a_participant_of_its_own(self):
        activity = make_activity(self)
        stored = send(activity, as_pseudonym("Zaza"), word=["un", "deux", "trois"])
        self.assertEqual(stored.participant.pseudonym, "Zaza")
        self.assertIsNone(stored.participant.enrolment)
        # The session remembers her participant: a fourth word is beyond her three.
        with self.assertRaises(Invalid):
            send(activity, as_pseudonym("Zaza", stored.participant), word=["quatre"])


class StateTests(BaseTestCase):
    def test_only_an_open_activity_takes_answers_with_a_french_message_otherwise(self):
        messages = {
            "draft": _("This activity has not started yet."),
            "locked": _(
                "This activity is locked for the moment: it takes no answer. "
                "Wait for your trainer to open it again."
            ),
            "closed": _("This activity is over: it no longer takes answers."),
        }
        for state, message in messages.items():
            with self.subTest(state=state):
                activity = make_activity(self, state=state, title=state)
                before = database_state()
                with self.assertRaises(Refused) as caught:
                    send(activity, as_trainee(self.dominique), word="partage")
                self.assertEqual(str(caught.exception), message)
                self.assertEqual(database_state(), before)

    def test_transitions(self):
        activity = make_activity(self, state="draft")
        version = activity.version
        activity.change_state("open")
        self.assertGreater(activity.version, version)
        activity.change_state("locked")
        activity.change_state("open")
        activity.change_state("closed")
        with self.assertRaises(Refused):
            activity.change_state("locked")
        with self.assertRaises(Refused):
            activity.change_state("nonsense")
        activity.change_state("open")
        self.assertEqual(activity.state, "open")

    def test_rounds_of_a_debate(self):
        activity = make_activity(self, "moving_debate")
        activity.next_round()
        self.assertEqual(activity.round, 2)
        with self.assertRaises(Refused):
            activity.next_round()  # two rounds planned
        with self.assertRaises(Refused):
            make_activity(self, "poll").next_round()


class AnonymityTests(BaseTestCase):
    def test_an_anonymous_contribution_keeps_no_link_to_the_person(self):
        activity = make_activity(self, anonymous=True)
        send(activity, as_trainee(self.dominique), word=["partage", "écran"])
        for contribution in Contribution.objects.filter(activity=activity):
            self.assertIsNone(contribution.participant_id)
            self.assertTrue(contribution.anonymous)
            self.assertEqual(contribution.ballot, "")
            self.assertNotIn("Dominique", str(contribution.payload))
        # That she took part, and how many words she sent, is all that names her.
        participant = Participant.objects.get(activity=activity)
        self.assertEqual((participant.enrolment, participant.sent), (self.dominique, 2))
        self.assertFalse(participant.contributions.exists())

    def test_the_participant_keeps_no_time_and_a_random_key(self):
        fields = {f.name for f in Participant._meta.get_fields()}
        self.assertFalse({"created_at", "joined_at", "updated_at"} & fields)
        self.assertIsInstance(Participant._meta.pk, type(Contribution._meta.pk))

    def test_the_database_refuses_an_anonymous_contribution_that_names_its_author(self):
        activity = make_activity(self, anonymous=True)
        participant = Participant.objects.create(activity=activity, enrolment=self.dominique)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Contribution.objects.create(
                id=uuid.uuid4(),
                activity=activity,
                participant=participant,
                anonymous=True,
                payload={"word": "x"},
            )

    def test_an_anonymous_debate_links_moves_by_a_ballot_only_the_phone_can_make(self):
        activity = make_activity(self, "moving_debate", anonymous=True)
        phone = "c" * 32
        send(activity, as_trainee(self.dominique, phone), position="1")
        send(activity, as_trainee(self.dominique, phone), position="4")
        moves = list(activity.contributions.order_by("created_at"))
        self.assertEqual({m.ballot for m in moves}, {anonymous_ballot(phone, activity)})
        self.assertEqual(moves[1].payload, {"position": 4, "from": 1})
        participant = Participant.objects.get(activity=activity)
        self.assertNotEqual(moves[0].ballot, str(participant.pk))
        self.assertNotIn(moves[0].ballot, str(list(Participant.objects.values_list())))
        # Another activity, another ballot for the same phone: not linkable across activities.
        other = make_activity(self, "moving_debate", anonymous=True, title="Autre")
        self.assertNotEqual(anonymous_ballot(phone, other), anonymous_ballot(phone, activity))

    def test_a_named_debate_follows_the_participant(self):
        activity = make_activity(self, "moving_debate")
        send(activity, as_trainee(self.dominique, "d" * 32), position="2")
        # Another phone, the same person: her position follows her.
        send(activity, as_trainee(self.dominique, "e" * 32), position="3")
        moves = list(activity.contributions.order_by("created_at"))
        self.assertEqual(moves[1].payload, {"position": 3, "from": 2})
        self.assertEqual(moves[0].participant, moves[1].participant)

    def test_anonymity_cannot_change_once_someone_has_answered(self):
        activity = make_activity(self, anonymous=True)
        activity.title = "Renamed while empty"
        activity.anonymous = False
        activity.save()  # nobody has answered yet: allowed
        activity.anonymous = True
        activity.save()
        send(activity, as_trainee(self.dominique), word="partage")
        activity.refresh_from_db()
        before = database_state()
        activity.anonymous = False
        with self.assertRaises(ValidationError) as caught:
            activity.save()
        self.assertIn("anonymous", caught.exception.message_dict)
        self.assertEqual(database_state(), before)
        # The title may still change.
        activity.refresh_from_db()
        activity.title = "Nouveau titre"
        activity.save()
        self.assertEqual(Activity.objects.get(pk=activity.pk).title, "Nouveau titre")

    def test_kind_and_settings_cannot_change_once_someone_has_answered(self):
        activity = make_activity(self, "poll")
        send(activity, as_trainee(self.dominique), choice="0")
        activity.settings = {"choices": ["Autre", "Chose"], "multiple": False}
        with self.assertRaises(ValidationError):
            activity.save()


class OrderTests(BaseTestCase):
    def test_moving_up_and_down_swaps_with_the_neighbour(self):
        a, b, c = (make_activity(self, title=t, state="draft") for t in "abc")
        self.assertEqual([a.position, b.position, c.position], [1, 2, 3])
        c.move(-1)
        day = Activity.objects.of_day(self.cycle, a.sequence)
        self.assertEqual([x.title for x in day], ["a", "c", "b"])
        a.move(-1)  # already first
        a.move(1)
        self.assertEqual([x.title for x in day.all()], ["c", "a", "b"])
        b.move(1)  # already last
        self.assertEqual([x.title for x in day.all()], ["c", "a", "b"])

    def test_join_codes_are_unique_and_readable(self):
        codes = {make_activity(self, title=str(n), state="draft").join_code for n in range(20)}
        self.assertEqual(len(codes), 20)
        for code in codes:
            self.assertRegex(code, r"^[A-HJ-NP-Z2-9]{6}$")
