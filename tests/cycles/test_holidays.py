from datetime import date

from django.test import SimpleTestCase, override_settings

from acunum.cycles.schedule import holiday_name


class HolidayTests(SimpleTestCase):
    def test_it_knows_the_national_holidays(self):
        self.assertIsNotNone(holiday_name(date(2026, 5, 1)))
        self.assertIsNone(holiday_name(date(2026, 4, 3)))  # Good Friday: a working day in Lyon

    @override_settings(HOLIDAYS_SUBDIVISION="57")
    def test_it_adds_alsace_moselle_holidays_when_configured(self):
        self.assertIsNotNone(holiday_name(date(2026, 4, 3)))
        self.assertIsNotNone(holiday_name(date(2026, 12, 26)))
