"""What the traces lab shows: each attribute a browser hands over, as data.

The ids are exactly those of acunum/checklist/platforms.py LAB_ATTRIBUTES (a test checks it),
so that a catalogue step can say which attribute it changes (its `lab` field) and the lab can
link back to it. Passive attributes are read by the server from the request; active ones by
the page's script (static/js/traces.js). Reference entropies come from traces-lab.md §3
(Laperdrix et al.'s survey, Table 3): the 2018 French study first, as the realistic figure for
a French group.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from acunum.checklist.catalogue import CatalogueError, Step, catalogue


class Kind(models.TextChoices):
    PASSIVE = "passive", _("read by the server, with no script")
    ACTIVE = "active", _("read by the page’s script")


@dataclass(frozen=True)
class Study:
    name: Promise
    year: int


# Self-selected, privacy-aware volunteers in 2010 and 2016; a large French audience in 2018.
FRENCH_2018 = Study(_("“Hiding in the Crowd”, 2 million visitors of a major French site"), 2018)
AMIUNIQUE_2016 = Study(_("AmIUnique, 119,000 volunteers"), 2016)
PANOPTICLICK_2010 = Study(_("Panopticlick, 470,000 volunteers"), 2010)
# The 2018 study's maximum: log2 of its 2,067,942 browsers.
FRENCH_2018_MAX_BITS = 20.98


@dataclass(frozen=True)
class Reference:
    study: Study
    bits: float


@dataclass(frozen=True)
class Attribute:
    id: str
    label: Promise
    reveals: Promise
    change: Promise
    kind: Kind
    # False when comparing makes no sense: the Referer changes with every page, and WebRTC is
    # only explained, as testing it would need a server elsewhere.
    compared: bool = True
    # The 2018 French study first when it has a figure: the one to quote to a French group.
    references: tuple[Reference, ...] = ()
    # What the studies measured, when it is narrower than what the lab shows.
    measured: Promise | str = ""
    # What the page's script reads, each filled in by traces.js in [data-field="<id>.<name>"].
    fields: tuple[tuple[str, Promise], ...] = ()

    @property
    def passive(self) -> bool:
        return self.kind == Kind.PASSIVE

    @property
    def realistic(self) -> Reference | None:
        """The figure to quote: the 2018 French study's, or none."""
        for reference in self.references:
            if reference.study is FRENCH_2018:
                return reference
        return None

    @property
    def older(self) -> tuple[Reference, ...]:
        return tuple(r for r in self.references if r.study is not FRENCH_2018)


def _refs(fr2018=None, ami2016=None, pano2010=None) -> tuple[Reference, ...]:
    pairs = [(FRENCH_2018, fr2018), (AMIUNIQUE_2016, ami2016), (PANOPTICLICK_2010, pano2010)]
    return tuple(Reference(study, bits) for study, bits in pairs if bits is not None)


ATTRIBUTES: tuple[Attribute, ...] = (
    # ---- Passive: in every request, script or not ----
    Attribute(
        "ip-address",
        _("Your network address (IP)"),
        _(
            "The address this server sees your request coming from. On the training room’s "
            "Wi-Fi, it is your device’s address on the local network. On the Internet, sites see "
            "the address of your box or of your mobile operator: it tells your provider and "
            "roughly where you are, and everyone at home shares it."
        ),
        _(
            "A VPN or Tor changes this line only: everything else on this page stays the same. "
            "If a reverse proxy stood in front of this server, the server would see the proxy’s "
            "address here, and would read yours in an X-Forwarded-For header, to be trusted only "
            "when it comes from its own proxy."
        ),
        Kind.PASSIVE,
    ),
    Attribute(
        "user-agent",
        _("Browser and system (User-Agent)"),
        _(
            "The name and version of your browser and of your system, sent with every request. "
            "A rare or customised one can single a browser out on its own."
        ),
        _(
            "Keep your browser up to date: the latest version is the most common one. Browsers "
            "built on Chromium now send a shortened version number (…0.0.0). Avoid extensions "
            "that disguise it: a rare value stands out more."
        ),
        Kind.PASSIVE,
        references=_refs(7.15, 9.78, 10.0),
    ),
    Attribute(
        "accept-language",
        _("Preferred languages (Accept-Language)"),
        _(
            "The languages your browser asks pages in, in your order of preference. In a French "
            "group most say French first; one more language tells something about you."
        ),
        _(
            "The language settings of your browser change it, and on Windows the list of "
            "languages of the system."
        ),
        Kind.PASSIVE,
        references=_refs(2.72, 5.92),
    ),
    Attribute(
        "client-hints",
        _("Client hints (Sec-CH-UA)"),
        _(
            "Chrome, Edge and the other browsers built on Chromium send, in separate headers, "
            "their brand, whether the device is a phone, and the name of the system. More "
            "(model, exact version) only when a site asks for it. Firefox and Safari send none. "
            "They are sent to secure (HTTPS) sites only."
        ),
        _("Nothing to set: they come with browsers built on Chromium. Firefox sends none."),
        Kind.PASSIVE,
    ),
    Attribute(
        "do-not-track",
        _("Do Not Track (DNT)"),
        _(
            "A header asking sites not to follow you. Few browsers send it and sites are not "
            "bound to respect it: being rare, it makes a browser a little more recognisable."
        ),
        _(
            "An option of the browser’s privacy settings. The EFF advises leaving it as it is "
            "by default and relying on tracking protection instead."
        ),
        Kind.PASSIVE,
        references=_refs(1.92, 0.94),
    ),
    Attribute(
        "global-privacy-control",
        _("Global Privacy Control (Sec-GPC)"),
        _(
            "A newer signal telling sites that you do not want your data sold or shared. Sent "
            "by Firefox when you tick it, by Brave and by a few extensions."
        ),
        _(
            "Firefox has the option in its privacy settings; Brave sends it by default. Like "
            "Do Not Track, it is a request, not a protection."
        ),
        Kind.PASSIVE,
    ),
    Attribute(
        "referer",
        _("The page you came from (Referer)"),
        _(
            "The address of the page that led you here. From one site to another, browsers now "
            "send only the site’s name, not the whole address; Acunum sends it between its own "
            "pages only."
        ),
        _("Nothing to set for most people. It is not compared: it changes with every page."),
        Kind.PASSIVE,
        compared=False,
    ),
    Attribute(
        "cookies",
        _("Cookies"),
        _(
            "What this site stored in your browser earlier, and your browser sends back with "
            "every request. Only their names are shown here, never their contents. Reload the "
            "page: the “csrftoken” cookie, which protects the comparison button below, appears."
        ),
        _(
            "Your browser can delete cookies when you close it, and block third-party cookies, "
            "the ones advertisers place through other sites."
        ),
        Kind.PASSIVE,
        references=_refs(0.0, 0.25, 0.353),
        measured=_("The studies measured whether cookies are accepted at all."),
        fields=(("enabled", pgettext_lazy("traces lab", "Cookies accepted (read by the script)")),),
    ),
    # ---- Active: read by the page's script ----
    Attribute(
        "screen",
        _("Screen"),
        _(
            "The size of your screen, its number of colours and the density of its pixels. "
            "Common sizes hide in the crowd; a phone or a large screen often stands out."
        ),
        _(
            "Hardly: it is your device. Tor Browser and Firefox’s resistFingerprinting setting "
            "report a rounded size."
        ),
        Kind.ACTIVE,
        references=_refs(4.85, 4.89, 4.83),
        fields=(
            ("size", pgettext_lazy("traces lab", "Size")),
            ("depth", pgettext_lazy("traces lab", "Colour depth")),
            ("ratio", pgettext_lazy("traces lab", "Pixel density")),
        ),
    ),
    Attribute(
        "timezone",
        _("Time zone"),
        _(
            "Your device’s time zone and its offset from universal time. In France almost "
            "everyone shares it; a device set to another zone stands out."
        ),
        _(
            "The date and time settings of your system. In a French group it gives almost "
            "nothing away."
        ),
        Kind.ACTIVE,
        references=_refs(0.16, 3.34, 3.04),
        fields=(
            ("zone", pgettext_lazy("traces lab", "Time zone")),
            ("offset", pgettext_lazy("traces lab", "Offset from universal time")),
        ),
    ),
    Attribute(
        "languages",
        _("Languages read by the script"),
        _(
            "The same list as the Accept-Language header above, read by the page’s script. "
            "Sites compare both to check that they agree."
        ),
        _("The same settings as for the preferred languages above."),
        Kind.ACTIVE,
        fields=(("list", pgettext_lazy("traces lab", "Languages")),),
    ),
    Attribute(
        "platform",
        _("System (platform)"),
        _(
            "The system your browser says it runs on and, in browsers built on Chromium, their "
            "brand and whether the device is a phone. Only this low-detail part is read here: "
            "the exact model needs a site to ask for it."
        ),
        _("Nothing to set: it follows your system."),
        Kind.ACTIVE,
        references=_refs(1.20, 2.31),
        fields=(
            ("platform", pgettext_lazy("traces lab", "System announced")),
            ("mobile", pgettext_lazy("traces lab", "Phone (Chromium)")),
            ("brands", pgettext_lazy("traces lab", "Brands (Chromium)")),
        ),
    ),
    Attribute(
        "hardware",
        _("Processor and memory"),
        _(
            "How many tasks your processor runs at once and, in browsers built on Chromium, a "
            "rounded amount of memory. A powerful or a very old machine stands out."
        ),
        _("Nothing to set. Firefox does not give the memory."),
        Kind.ACTIVE,
        fields=(
            ("cores", pgettext_lazy("traces lab", "Processor threads")),
            ("memory", pgettext_lazy("traces lab", "Memory (Chromium)")),
        ),
    ),
    Attribute(
        "touch",
        _("Touch screen"),
        _(
            "How many fingers the screen can follow at once: 0 on most computers, 5 or 10 on "
            "phones and tablets."
        ),
        _("Nothing to set: it is your device."),
        Kind.ACTIVE,
        fields=(("points", pgettext_lazy("traces lab", "Touch points")),),
    ),
    Attribute(
        "preferences",
        _("Display and accessibility preferences"),
        _(
            "Whether you chose a dark theme, more contrast, fewer animations or forced colours. "
            "These settings make screens usable for many people; sites read them to adapt, and "
            "can also use them to tell people apart."
        ),
        _(
            "Keep the settings you need: they are yours, and nobody should give up an "
            "accessibility setting to hide. Knowing that sites see them is enough."
        ),
        Kind.ACTIVE,
        fields=(
            ("scheme", pgettext_lazy("traces lab", "Theme")),
            ("contrast", pgettext_lazy("traces lab", "Contrast")),
            ("motion", pgettext_lazy("traces lab", "Animations")),
            ("forced", pgettext_lazy("traces lab", "Forced colours")),
        ),
    ),
    Attribute(
        "fonts",
        _("Installed fonts"),
        _(
            "Which common fonts your device has, found by measuring how wide a text written in "
            "each one is. Office and graphics software install fonts that make a device rarer. "
            "Only a few dozen common fonts are tried here."
        ),
        _(
            "Install only the fonts you use. Tor Browser and Firefox’s resistFingerprinting "
            "setting limit the fonts sites can see."
        ),
        Kind.ACTIVE,
        references=_refs(6.90, 8.38, 13.9),
        fields=(
            ("count", pgettext_lazy("traces lab", "Fonts found")),
            ("list", pgettext_lazy("traces lab", "Which ones")),
            ("fingerprint", pgettext_lazy("traces lab", "Fingerprint of the list")),
        ),
    ),
    Attribute(
        "canvas",
        _("Canvas drawing"),
        _(
            "The page draws a small picture in your browser and computes its fingerprint. Each "
            "device draws letters and colours with tiny differences, which makes this one of "
            "the most telling attributes. Computed here, in your browser: the picture is never "
            "sent."
        ),
        _(
            "Brave adds noise to such drawings; Tor Browser and Firefox’s resistFingerprinting "
            "setting block them; Firefox’s strict protection blocks known fingerprinting "
            "scripts."
        ),
        Kind.ACTIVE,
        references=_refs(8.55, 8.28),
        fields=(
            ("fingerprint", pgettext_lazy("traces lab", "Fingerprint of the drawing")),
            ("method", pgettext_lazy("traces lab", "Computed with")),
        ),
    ),
    Attribute(
        "webgl",
        _("Graphics chip (WebGL)"),
        _(
            "The maker and the model of your graphics chip, as the browser’s 3D drawing reports "
            "them."
        ),
        _("Brave and Tor Browser hide or blur it; otherwise there is nothing to set."),
        Kind.ACTIVE,
        references=_refs(5.54, 3.41),
        fields=(
            ("vendor", pgettext_lazy("traces lab", "Maker")),
            ("renderer", pgettext_lazy("traces lab", "Model")),
        ),
    ),
    Attribute(
        "ad-blocker",
        _("Ad blocker"),
        _(
            "The page places a bait that looks like an advert and checks, in your browser, "
            "whether something hid it. Sites do the same to detect blockers."
        ),
        _(
            "A blocker such as uBlock Origin protects you from many trackers: keep it, even if "
            "sites can see it."
        ),
        Kind.ACTIVE,
        references=_refs(0.05, 1.00),
        fields=(("bait", pgettext_lazy("traces lab", "Bait hidden")),),
    ),
    Attribute(
        "webrtc",
        _("WebRTC"),
        _(
            "WebRTC lets the browser hold a video call directly with another person. To find "
            "the shortest route it can reveal your address on the local network and your public "
            "address, sometimes even behind a VPN. This lab does not test it: the test needs a "
            "server elsewhere, and nothing here leaves this server."
        ),
        _(
            "Recent browsers hide the local address. Brave has a setting to keep WebRTC behind "
            "a proxy or a VPN, and uBlock Origin has one to prevent the leak."
        ),
        Kind.ACTIVE,
        compared=False,
    ),
)

BY_ID: dict[str, Attribute] = {a.id: a for a in ATTRIBUTES}
PASSIVE = tuple(a for a in ATTRIBUTES if a.passive)
ACTIVE = tuple(a for a in ATTRIBUTES if not a.passive)
# What is stored (as keyed hashes) when a trainee compares; the rest is only shown.
COMPARED_IDS = tuple(a.id for a in ATTRIBUTES if a.compared)
# What the script may send: the server reads the passive ones itself.
SENT_BY_SCRIPT = tuple(a.id for a in ACTIVE if a.compared)


@dataclass(frozen=True)
class Header:
    """A header shown in the passive part that is not an attribute of its own: the same for
    browsers of one kind, or telling only how this very request was made."""

    name: str
    explanation: Promise


OTHER_HEADERS: tuple[Header, ...] = (
    Header(
        "Accept",
        _(
            "The kinds of content the browser accepts (pages, pictures…). It differs from one "
            "browser to another, hardly between people."
        ),
    ),
    Header("Accept-Encoding", _("The compression methods the browser understands.")),
    Header(
        "Upgrade-Insecure-Requests",
        _("The browser prefers the secure version of a page when there is one."),
    ),
    Header(
        "Sec-Fetch-Site",
        _(
            "Whether this request comes from this site, another site, or an address typed by "
            "you. Like the three below, it helps sites refuse forged requests, and hints at "
            "the browser’s family. Sent to secure (HTTPS) sites only."
        ),
    ),
    Header("Sec-Fetch-Mode", _("How the page was asked for: a navigation, a script…")),
    Header("Sec-Fetch-Dest", _("What the request is for: a page, a picture, a script…")),
    Header("Sec-Fetch-User", _("Present when you clicked or typed, not when a script asked.")),
)
# Eckersley measured Accept, Accept-Encoding and Accept-Language together (2010); AmIUnique and
# the 2018 study measured the list of headers.
HEADER_REFERENCES = (
    Reference(FRENCH_2018, 1.78),
    Reference(AMIUNIQUE_2016, 4.20),
    Reference(PANOPTICLICK_2010, 6.09),
)


def steps_by_attribute() -> dict[str, list[Step]]:
    """The catalogue's steps that change each attribute, or none while the catalogue does not
    pass its checks: a half-written catalogue must not break the lab (checked once per call)."""
    try:
        steps = catalogue()
    except CatalogueError:
        return {}
    return {a.id: found for a in ATTRIBUTES if (found := steps.changing(a.id))}
