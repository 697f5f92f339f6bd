"""The seven items of "bien régler son internet" and the platforms each applies to.

In code, not in the catalogue's files: a trainee's equipment, the checklist's rows and the
catalogue's validation all depend on this list, and a new platform needs its steps written.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Item(models.TextChoices):
    OS_DESKTOP = "os_desktop", _("Set up one’s computer’s operating system")
    OS_MOBILE = "os_mobile", _("Set up one’s smartphone")
    BROWSER = "browser", _("Set up one’s browser")
    EXTENSIONS = "extensions", _("Choose and set up one’s browser’s extensions")
    MAIL_CLIENT = "mail_client", _("Set up one’s mail client")
    MAIL_FOLDERS = "mail_folders", _("Folders and sub-folders")
    MAIL_RULES = "mail_rules", _("Automatic sorting rules")


# The room's grid has a column per item: a word each, the full name for the trainee's list.
SHORT = {
    Item.OS_DESKTOP: _("Computer"),
    Item.OS_MOBILE: _("Smartphone"),
    Item.BROWSER: _("Browser"),
    Item.EXTENSIONS: _("Extensions"),
    Item.MAIL_CLIENT: _("Mail"),
    Item.MAIL_FOLDERS: _("Folders"),
    Item.MAIL_RULES: _("Rules"),
}


class Platform(models.TextChoices):
    WINDOWS = "windows-11", "Windows 11"
    MACOS = "macos", "macOS"
    UBUNTU = "ubuntu", "Ubuntu"
    ANDROID = "android", "Android"
    IOS = "ios", "iOS (iPhone)"
    FIREFOX = "firefox", "Firefox"
    CHROME = "chrome", "Chrome"
    EDGE = "edge", "Edge"
    SAFARI = "safari", "Safari"
    THUNDERBIRD = "thunderbird", "Thunderbird"
    OUTLOOK = "outlook", "Outlook"
    GMAIL = "gmail", _("Gmail (webmail)")
    OUTLOOK_COM = "outlook-com", _("Outlook.com (webmail)")


COMPUTERS = [Platform.WINDOWS, Platform.MACOS, Platform.UBUNTU]
PHONES = [Platform.ANDROID, Platform.IOS]
BROWSERS = [Platform.FIREFOX, Platform.CHROME, Platform.EDGE, Platform.SAFARI]
MAIL = [Platform.THUNDERBIRD, Platform.OUTLOOK, Platform.GMAIL, Platform.OUTLOOK_COM]

# Which platforms an item applies to: the catalogue has steps for each pair, and a trainee's
# checklist has the pairs of what they use.
APPLIES = {
    Item.OS_DESKTOP: COMPUTERS,
    Item.OS_MOBILE: PHONES,
    Item.BROWSER: BROWSERS,
    Item.EXTENSIONS: BROWSERS,
    Item.MAIL_CLIENT: MAIL,
    Item.MAIL_FOLDERS: MAIL,
    Item.MAIL_RULES: MAIL,
}


class Why(models.TextChoices):
    PRIVACY = "privacy", _("privacy")
    SECURITY = "security", _("security")
    ACCESSIBILITY = "accessibility", _("accessibility")
    SOBRIETY = "sobriety", _("digital sobriety")
    WELLBEING = "wellbeing", _("wellbeing")


# What the traces lab shows (acunum/traces): a step may say which of these it changes.
LAB_ATTRIBUTES = {
    "ip-address",
    "user-agent",
    "accept-language",
    "languages",
    "timezone",
    "screen",
    "preferences",
    "do-not-track",
    "global-privacy-control",
    "client-hints",
    "cookies",
    "referer",
    "hardware",
    "touch",
    "webgl",
    "canvas",
    "fonts",
    "webrtc",
    "ad-blocker",
    "platform",
}
