"""The proposed activities per day: the file is checked, and copied into a day once."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.urls import reverse
from django.utils.translation import override

from acunum.test import BaseTestCase, database_state
from acunum.workshops import presets
from acunum.workshops.models import Activity


def preset_file(text: str) -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / "presets.toml"
    path.write_text(text, encoding="utf-8")
    return path


class PresetFileTests(BaseTestCase):
    def test_the_shipped_file_proposes_an_activity_for_each_day_of_session_one(self):
        days = presets.load()
        self.assertEqual(sorted(days), ["J1", "J2", "J3", "J4"])
        first = days["J1"][0]
        self.assertEqual((first.kind, first.title), ("word_cloud", "Mon numérique en trois mots"))
        self.assertEqual(first.settings, {"words_per_person": 3})
        self.assertTrue(first.anonymous)
        self.assertEqual(days["J2"][0].kind, "moving_debate")
        self.assertIn("trajectoire sociale", days["J2"][0].settings["statement"])
        self.assertEqual(days["J3"][0].kind, "poll")
        self.assertIn("traces", days["J3"][0].prompt)
        self.assertEqual({p.kind for p in days["J4"]}, {"poll", "moving_debate", "dot_voting"})

    def test_the_shipped_file_proposes_the_wall_the_timeline_and_the_dot_vote(self):
        days = presets.load()
        timeline = days["J1"][2]
        self.assertEqual((timeline.kind, timeline.title), ("timeline", "Ma ligne de vie numérique"))
        self.assertEqual(timeline.settings, {"events_per_person": 8})
        self.assertTrue(timeline.results_shown)
        wall = days["J3"][1]
        self.assertEqual((wall.kind, wall.title), ("post_it_wall", "D’où je parle en ligne ?"))
        self.assertEqual(len(wall.settings["columns"]), 4)
        self.assertTrue(wall.anonymous)
        dots = days["J4"][2]
        self.assertEqual(dots.kind, "dot_voting")
        self.assertIn("session 2", dots.title)
        self.assertEqual(dots.settings["dots_per_person"], 3)
        self.assertEqual(len(dots.settings["options"]), 8)
        self.assertFalse(dots.results_shown)  # revealed when the trainer decides
        self.assertEqual([len(days[d]) for d in ("J1", "J2", "J3", "J4")], [3, 1, 2, 3])

    def test_the_new_kinds_settings_are_checked_in_the_file(self):
        path = preset_file(
            """
format = 1
[[J1]]
kind = "timeline"
title = "Ligne"
events_per_person = 0
[[J3]]
kind = "post_it_wall"
title = "Mur"
columns = ["Seule"]
[[J4]]
kind = "dot_voting"
title = "Gommettes"
options = ["A", "B"]
dots_per_person = 11
"""
        )
        with override("en"), self.assertRaises(presets.PresetFileError) as caught:
            presets.load(path)
        problems = caught.exception.problems
        self.assertEqual(len(problems), 3, problems)
        self.assertIn("J1, activity 1 (“Ligne”), field “events_per_person”", problems[0])
        self.assertIn("J3, activity 1 (“Mur”), field “columns”", problems[1])
        self.assertIn("J4, activity 1 (“Gommettes”), field “dots_per_person”", problems[2])

    def test_every_problem_names_the_file_the_day_the_activity_and_the_field(self):
        path = preset_file(
            """
format = 1
[[J1]]
kind = "word_cloud"
title = "Trois mots"
words_per_person = 30
[[J2]]
kind = "poll"
title = "Sondage"
choices = ["Seul"]
colour = "rouge"
[[J3]]
kind = "wall"
title = "Mur"
"""
        )
        with override("en"), self.assertRaises(presets.PresetFileError) as caught:
            presets.load(path)
        problems = caught.exception.problems
        self.assertEqual(len(problems), 4, problems)
        self.assertTrue(all(p.startswith("presets.toml: ") for p in problems))
        self.assertIn("J1, activity 1 (“Trois mots”), field “words_per_person”", problems[0])
        self.assertTrue(any("J2, activity 1 (“Sondage”), field “colour”" in p for p in problems))
        self.assertTrue(any("J2, activity 1 (“Sondage”), field “choices”" in p for p in problems))
        self.assertIn("J3, activity 1 (“Mur”), field “kind”", problems[-1])

    def test_a_broken_file_is_named(self):
        with self.assertRaises(presets.PresetFileError) as caught:
            presets.load(preset_file("format = 1\n[[J1]\n"))
        self.assertIn("presets.toml", str(caught.exception))

    def test_a_setting_of_another_kind_is_refused(self):
        path = preset_file('format = 1\n[[J1]]\nkind = "word_cloud"\ntitle = "A"\nrounds = 2\n')
        with override("en"), self.assertRaises(presets.PresetFileError) as caught:
            presets.load(path)
        self.assertIn("not a setting of this kind", str(caught.exception))

    def test_a_bad_file_copies_nothing(self):
        path = preset_file('format = 1\n[[J1]]\nkind = "poll"\ntitle = "A"\n')
        sequence = self.version.sequences.get(code="J1")
        before = database_state()
        with self.assertRaises(presets.PresetFileError):
            presets.propose(self.cycle, sequence, path)
        self.assertEqual(database_state(), before)


class CopyTests(BaseTestCase):
    def test_proposing_copies_each_preset_once_as_drafts(self):
        sequence = self.version.sequences.get(code="J1")
        added = presets.propose(self.cycle, sequence)
        self.assertEqual([a.title for a in added], [p.title for p in presets.load()["J1"]])
        self.assertTrue(all(a.state == Activity.State.DRAFT for a in added))
        self.assertEqual([a.position for a in added], [1, 2, 3])
        self.assertEqual(presets.propose(self.cycle, sequence), [])
        # A removed one comes back; the trainer's own stay.
        added[1].delete()
        Activity.objects.add(self.cycle, sequence, kind="poll", title="La mienne", settings={})
        again = presets.propose(self.cycle, sequence)
        self.assertEqual([a.title for a in again], [added[1].title])

    def test_the_day_page_copies_the_presets_the_first_time_only(self):
        self.login(self.bob)
        url = reverse("workshops:day", args=[self.cycle.code, "J2"])
        r = self.client.get(url)
        self.assertContains(r, "Débat mouvant : trajectoires et usages")
        day = Activity.objects.filter(cycle=self.cycle, sequence__code="J2")
        self.assertEqual(day.count(), 1)
        day.get().delete()
        self.client.get(url)
        self.assertEqual(day.count(), 0)  # no longer the first time: the trainer removed it

    def test_the_button_proposes_the_missing_ones(self):
        self.login(self.bob)
        r = self.client.post(reverse("workshops:propose", args=[self.cycle.code, "J4"]))
        self.assertRedirects(r, reverse("workshops:day", args=[self.cycle.code, "J4"]))
        self.assertEqual(Activity.objects.filter(cycle=self.cycle, sequence__code="J4").count(), 3)
