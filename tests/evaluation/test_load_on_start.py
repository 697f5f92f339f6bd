"""`acunum serve` loads the questionnaire files before serving, as it loads the programme."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings

from acunum.evaluation.models import QuestionnaireVersion


class ServeLoadsQuestionnairesTests(TestCase):
    @override_settings(WORKER_IN_SERVE=False)
    def test_serve_loads_the_questionnaires_before_serving(self):
        seen = []
        with mock.patch(
            "acunum.site.management.commands.serve.serve",
            lambda *a, **k: seen.append(QuestionnaireVersion.objects.count()),
        ):
            call_command("serve", stdout=mock.Mock())
        self.assertEqual(seen, [7])
