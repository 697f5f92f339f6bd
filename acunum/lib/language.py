"""French by default, whatever the browser says; English when the person chooses it.

Django's LocaleMiddleware follows the browser's Accept-Language header, so a trainee whose phone
is set to English would get a different product from the rest of the room. Here the language
changes only through the language form in the footer (Django's set_language view and cookie).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
