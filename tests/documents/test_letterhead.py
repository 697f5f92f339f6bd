"""The OF's logo: uploaded once in the back office, printed at the top of every document."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import segno
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils.translation import gettext

from acunum.accounts.models import Organisation
from acunum.documents.programme import programme_pdf
from acunum.test import BaseTestCase
from tests.documents.test_attendance_sheet import alt_texts

ISSUED = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def png() -> bytes:
    buffer = io.BytesIO()
    segno.make("Organisme Test").save(buffer, kind="png", scale=4)
    return buffer.getvalue()


class LogoTests(BaseTestCase):
    def submit(self, **files_and_fields):
        """The back office's organisation form, as an administrator sends it."""
        request = RequestFactory().post("/")
        request.user = self.alice
        admin = site._registry[Organisation]
        form_class = admin.get_form(request, self.organisation)
        data = {
            field: getattr(self.organisation, field)
            for field in form_class.base_fields
            if hasattr(self.organisation, field) and field != "logo"
        }
        files = {k: v for k, v in files_and_fields.items() if isinstance(v, SimpleUploadedFile)}
        data.update({k: v for k, v in files_and_fields.items() if k not in files})
        form = form_class(data, files, instance=self.organisation)
        if form.is_valid():
            form.save()
        return form

    def test_an_uploaded_png_is_kept_and_printed_on_the_documents(self):
        form = self.submit(logo_file=SimpleUploadedFile("logo.png", png(), "image/png"))
        self.assertTrue(form.is_valid(), form.errors)
        organisation = Organisation.objects.get()
        self.assertEqual(bytes(organisation.logo), png())
        pdf = programme_pdf(self.version, now=ISSUED)
        self.assertIn("Logo Organisme Test", alt_texts(pdf))

    def test_without_a_logo_the_documents_print_none(self):
        self.assertNotIn("Logo Organisme Test", alt_texts(programme_pdf(self.version, now=ISSUED)))

    def test_a_file_that_only_starts_like_a_png_is_refused_and_nothing_changes(self):
        broken = png()[:60]
        form = self.submit(logo_file=SimpleUploadedFile("logo.png", broken, "image/png"))
        self.assertIn(
            gettext("This file cannot be read as an image: save it again as PNG and upload it."),
            form.errors["logo_file"],
        )
        self.assertEqual(bytes(Organisation.objects.get().logo), b"")

    def test_another_kind_of_file_is_refused(self):
        form = self.submit(logo_file=SimpleUploadedFile("logo.gif", b"GIF89a....", "image/gif"))
        self.assertIn(gettext("The logo must be a PNG or JPEG image."), form.errors["logo_file"])

    def test_a_logo_too_large_is_refused_without_being_read_whole(self):
        huge = png() + b"\0" * (600 * 1024)
        form = self.submit(logo_file=SimpleUploadedFile("logo.png", huge, "image/png"))
        self.assertTrue(
            any("512" in error for error in form.errors["logo_file"]), form.errors["logo_file"]
        )

    def test_the_logo_can_be_removed(self):
        Organisation.objects.update(logo=png())
        self.organisation.refresh_from_db()
        form = self.submit(remove_logo="on")
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(bytes(Organisation.objects.get().logo), b"")
