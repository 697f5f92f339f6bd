"""The attributes as data: the catalogue's ids, texts for each, the study behind each figure."""

from __future__ import annotations

from django.test import SimpleTestCase

from acunum.checklist.platforms import LAB_ATTRIBUTES
from acunum.traces.attributes import (
    ATTRIBUTES,
    BY_ID,
    FRENCH_2018,
    SENT_BY_SCRIPT,
    Kind,
)


class AttributeTests(SimpleTestCase):
    def test_the_attributes_are_exactly_those_the_catalogue_may_name(self):
        self.assertEqual(set(BY_ID), LAB_ATTRIBUTES)
        self.assertEqual(len(ATTRIBUTES), len(BY_ID))

    def test_each_attribute_says_what_it_reveals_and_how_to_change_it(self):
        for attribute in ATTRIBUTES:
            self.assertTrue(str(attribute.label), attribute.id)
            self.assertGreater(len(str(attribute.reveals)), 40, attribute.id)
            self.assertGreater(len(str(attribute.change)), 20, attribute.id)

    def test_the_realistic_2018_figure_comes_first_when_there_is_one(self):
        for attribute in ATTRIBUTES:
            if attribute.references:
                self.assertIs(attribute.references[0].study, FRENCH_2018, attribute.id)
                self.assertIs(attribute.realistic, attribute.references[0])
        self.assertEqual(BY_ID["canvas"].realistic.bits, 8.55)
        self.assertEqual(BY_ID["timezone"].realistic.bits, 0.16)
        self.assertIsNone(BY_ID["touch"].realistic)

    def test_the_script_sends_only_active_attributes_that_are_compared(self):
        for name in SENT_BY_SCRIPT:
            self.assertEqual(BY_ID[name].kind, Kind.ACTIVE)
            self.assertTrue(BY_ID[name].compared)
            self.assertTrue(BY_ID[name].fields, f"{name} has nothing for the script to fill in")
        self.assertNotIn("webrtc", SENT_BY_SCRIPT)
