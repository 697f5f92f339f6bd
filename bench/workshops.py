"""The workshops in 36 rooms at once: how long until an answer is on the projector?

    uv run python bench/workshops.py [--activities 36] [--participants 500] [--seconds 60]
    uv run python bench/workshops.py --quick        # 6 activities, 42 phones, 10 s: a smoke test

For each database (SQLite in a throwaway data directory; PostgreSQL in a throwaway database
created next to --postgres and dropped at the end), a child process of this script:

1. builds the data with the models: N cycles of 14 trainees with their personal links, each with
   its day's activities proposed from the presets file and one of them launched (in turn a word
   cloud, a poll, a débat mouvant, a post-it wall, a ligne de vie and a dot vote, so that 36
   rooms are six of each kind; one débat in two made anonymous, one dot vote in two named: both
   kinds of ballot are measured), and its trainer's session;
2. starts the real server, `acunum serve --workers 1` (Granian, one process of --threads
   threads), on a free 127.0.0.1 port, with bench/settings.py (the product's URLs plus
   `bench/bare/`, the reference);
3. the room, for --seconds: each activity's projector loads its page, then polls the live
   endpoint with If-None-Match, waiting the interval of acunum/static/js/workshops.js after each
   response, as the script does. The participants arrive within the first quarter, by their
   personal link or (two a room) by the activity's code and a pseudonym, and answer at random
   moments of the rest: three words one at a time, a poll answer, three to six moves in a débat,
   one to three post-its (a short text in a column of the wall's), two to four firsts of their
   ligne de vie (a year of the allowed range, a few words), or all their dots one at a time (one
   person in three then takes one back, with the button the page shows, and places it
   elsewhere). Each answer is POSTed as workshops.js does (a UUID made by the phone, Accept:
   JSON), then the page is loaded again; one answer in --retry-every is sent again with the same
   identifier two seconds later, as the script does when the response was lost. Meanwhile, as
   the script's `watch` does, from the moment its activity page is loaded until the end of the
   room (every phone has sent its answers), each phone asks the page's watch URL (its
   `data-watch`) with If-None-Match (its `data-etag`, then the ETag of each 200),
   --watch-interval after the page was loaded and then after each response (each reload starts
   again; the phones, arriving and answering at their own moments, are not in step): has the
   trainer locked, closed or moved on? None of that happens during the room, so each is
   answered 304 (a 200 is reported; any other status is an error).
   Every phone has its own keep-alive connection, where an answer and a poll never overlap: a
   poll due when an answer is to go is sent first;
4. the trainers then reveal the hidden results and each projector reads its activity once more:
   what it shows must be exactly what the phones were told was recorded (each post-it once, in
   its column; the frise's events pooled with their counts; the dots net of those taken back);
5. the reference, for the CPU figure: as many GETs of a bare Django view as the room made;
6. stops the server and counts in the database: every answer acknowledged is stored, once, and
   each activity's version counter moved once per answer.

The delay of an answer is from the moment its POST was answered to the moment a projector poll
first returned a snapshot that includes it: its version (bumped once per answer, under the
activity's lock) is at least the one this answer made, found afterwards from the order in which
the answers were stored. The projector's interval is part of it, as in the room. The server's
CPU time is read from /proc (the serving process and its children) over the room's time, and
divided by participants × minutes.

Every load is bounded (requests and time), targets only 127.0.0.1 and stops by itself. The load
generator runs on the same machine as the server (its own CPU time is printed). Prints one table
for both databases and PASS/FAIL per budget line (issue 6: p95 < 2 s, 0 errors; and every
answer stored once); exits 1 if a budget line fails.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import platform
import random
import re
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    # Run as a script from bench/: import `bench.*` as a package, and nothing else of bench/ as
    # a top-level module.
    sys.path[0] = str(ROOT)

from bench.signatures import (  # noqa: E402
    FAILURES,
    Connection,
    Response,
    free_port,
    load_average,
    percentile,
    run_backend,
    start_server,
    stop_server,
)

BUDGET_P95_S = 2.0
WORKERS = 1  # one server process, as issue 6 asks
SCRIPT = ROOT / "acunum" / "static" / "js" / "workshops.js"
RETRY_AFTER = 2.0  # workshops.js: `var wait = 2000` before sending a lost answer again
PSEUDONYMS_PER_ROOM = 2
CATCH_UP = 10.0  # seconds the projectors keep polling after the last answer, at most
# Each room launches one of its days' presets, in turn: (day, kind, rank among the day's presets
# of that kind, the trainer's choice of anonymity before launching or None for the preset's).
# All six kinds in each half, so that --quick's six rooms have one of each; the second half
# turns the débat anonymous and the dot vote named, so that both kinds of ballot are measured.
ROTATION = [
    ("J1", "word_cloud", 0, None),
    ("J1", "poll", 0, None),
    ("J2", "moving_debate", 0, None),
    ("J3", "post_it_wall", 0, None),
    ("J1", "timeline", 0, None),
    ("J4", "dot_voting", 0, None),
    ("J1", "word_cloud", 0, None),
    ("J3", "poll", 0, None),
    ("J4", "moving_debate", 0, True),
    ("J3", "post_it_wall", 0, None),
    ("J1", "timeline", 0, None),
    ("J4", "dot_voting", 0, False),
]
WORDS = (
    "réseaux lien famille fatigue smartphone démarches écran liberté partage surveillance "
    "photos travail urgence outil curiosité dépendance mails musique contrainte isolement "
    "débrouille enfants inquiétude entraide jeux vidéo accès aux droits solidarité école "
    "information vitesse plaisir addiction contrôle autonomie messages"
).split(" ")
# Post-its for J3's wall ("where do you speak online?"), as people write them: short, with
# typographic apostrophes, an emoji, and a few on two lines (a textarea's line break is sent as
# CRLF by the browser; the wall keeps it as one line break).
POST_ITS = [
    "Le groupe WhatsApp de la famille",
    "La page Facebook du centre social",
    "Le forum des parents d’élèves",
    "Instagram, surtout en stories 📸",
    "Le groupe Messenger des bénévoles",
    "LinkedIn, pour le travail",
    "Les avis Google sur les commerces",
    "Un serveur Discord de jeux",
    "Le groupe Facebook du quartier",
    "Leboncoin, pour vendre des affaires",
    "Les commentaires sous les vidéos YouTube",
    "Le blog de la structure\r\nmis à jour une fois par an",
    "Signal avec les collègues",
    "Un forum de jardinage",
    "Pronote : les messages aux profs",
    "TikTok, je regarde\r\nje ne publie rien",
    "Le compte de l’association sur X",
    "Les pétitions en ligne",
]
# A ligne de vie's firsts: (what, the year it became common in France, the youngest age for it).
# Each phone is someone born within BORN: a first comes when both the thing and the person were
# ready, and a few years later for some (DELAY years on average).
FIRSTS = [
    ("premier ordinateur à la maison", 1985, 8),
    ("première console de jeux", 1982, 6),
    ("premier téléphone portable", 1997, 12),
    ("première adresse mail", 1998, 12),
    ("premier SMS", 1999, 12),
    ("premier achat sur internet", 2002, 16),
    ("premier compte Facebook", 2008, 13),
    ("premier smartphone", 2010, 12),
    ("première déclaration d’impôts en ligne", 2005, 18),
    ("premier groupe WhatsApp", 2014, 12),
    ("première visio avec la famille", 2020, 8),
]
BORN = (1964, 2004)
DELAY = 4


def script_interval(name: str, who: str) -> float:
    """A polling pace of workshops.js when its tab is visible, read from the script itself."""
    match = re.search(rf"var {name} = (\d+);", SCRIPT.read_text(encoding="utf-8"))
    if not match:
        sys.exit(f"No `var {name} = …;` in {SCRIPT}: how often does {who} poll?")
    return int(match.group(1)) / 1000


def poll_interval() -> float:
    return script_interval("VISIBLE", "the projector")


def watch_interval() -> float:
    return script_interval("WATCH", "a participant's page")


# ---------------------------------------------------------------------------------------------
# What the phones and the projectors are, and what the bench counts.


@dataclass
class Room:
    """One cycle's launched activity, its projector, and what its phones were told."""

    index: int
    kind: str
    anonymous: bool
    results_shown: bool
    settings: dict
    projector: str  # the projector's page
    live: str  # the endpoint it polls
    session: str  # the trainer's session cookie, as the Cookie header sends it
    version0: int  # the activity's version when the room starts
    activity_pk: int = 0
    seen: list[tuple[float, int]] = field(default_factory=list)  # (when, version) of each 200
    polls: int = 0
    not_modified: int = 0
    final: dict | None = None


@dataclass
class Answer:
    room: int
    phone: int
    client_id: str
    fields: dict
    retry: bool
    acknowledged_at: float | None = None


@dataclass
class Phone:
    index: int
    room: int
    path: str  # the activity's page: the personal link's, or the code's
    pseudonym: str  # "" for a personal link
    arrival: float
    plan: list[tuple[float, dict]]  # (when, the answer's fields)
    retries: set[int]  # which answers are sent twice
    cookies: dict = field(default_factory=dict)
    assets: set = field(default_factory=set)  # what the browser has in its cache
    form_token: str = ""
    word_inputs: int = 0
    take_backs: set = field(default_factory=set)  # a dot vote's "take one back" buttons shown
    # What the page's script asks while the page is open (workshops.js's `watch`): its URL,
    # the ETag it holds, and when it asks next.
    watch: str = ""
    watch_etag: str = ""
    watch_due: float = 0.0

    def keep_cookies(self, response: Response) -> None:
        for header in response.header("set-cookie"):
            pair, _, attributes = header.partition(";")
            name, _, value = pair.partition("=")
            name, value = name.strip(), value.strip()
            if not value or value == '""' or "max-age=0" in attributes.lower().replace(" ", ""):
                self.cookies.pop(name, None)  # deleted (the messages once shown)
            else:
                self.cookies[name] = value

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


@dataclass
class Tally:
    requests: int = 0
    reconnects: int = 0
    errors: int = 0
    first_errors: list[str] = field(default_factory=list)
    # The phones' watch polls: how many, how many answered 304, and each 200 (the page would
    # have reloaded: nothing the trainer does during the room should cause one).
    watches: int = 0
    watches_not_modified: int = 0
    watches_changed: list[str] = field(default_factory=list)

    def fail(self, what: str) -> None:
        self.errors += 1
        if len(self.first_errors) < 3:
            self.first_errors.append(what)


class Client:
    """One keep-alive connection, reopened once if the server had closed it while idle (as a
    browser does: Granian closes a connection that sends nothing for 30 s)."""

    def __init__(self, port: int, timeout: float, tally: Tally):
        self.connection = Connection(port, timeout)
        self.tally = tally

    async def request(self, method: str, path: str, headers: dict, body: bytes = b"") -> Response:
        reused = self.connection.writer is not None
        self.tally.requests += 1
        try:
            return await self.connection.request(method, path, headers, body)
        except ConnectionError:
            if not reused:
                raise
            self.tally.reconnects += 1
            self.tally.requests += 1
            return await self.connection.request(method, path, headers, body)

    def close(self) -> None:
        self.connection.close()


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
ASSET = re.compile(rb'(?:href|src)="(/static/[^"]+)"')
# What the projector's page holds for its script: the version it shows, the ETag to send back.
PAGE_VERSION = re.compile(rb'data-version="(\d+)"')
PAGE_ETAG = re.compile(rb'data-etag="([^"]*)"')
TAKE_BACK = re.compile(rb'name="take_back" value="(\d+)"')
# What a participant's page holds for its script's `watch`: the element, its URL and its ETag.
WATCH_ELEMENT = re.compile(rb'<[^>]*\sdata-watch="[^"]*"[^>]*>')
WATCH_URL = re.compile(rb'\sdata-watch="([^"]*)"')


# ---------------------------------------------------------------------------------------------
# The child process: Django set up on the bench settings and one throwaway database.


def build(activities: int, participants: int, label: str = "") -> tuple[list[Room], list[Phone]]:
    """The cycles, their launched activities, the trainers' sessions, and a phone for each
    participant (its way in; plan() says when it answers what). `label` goes into the trainers'
    user names, so that bench/together.py can build a second set in the same database."""
    from django.conf import settings
    from django.db import transaction
    from django.test import Client as DjangoClient
    from django.urls import reverse
    from django.utils import timezone

    from acunum.accounts.models import User
    from acunum.cycles import schedule
    from acunum.cycles.models import Cycle, Enrolment, Structure, Trainee
    from acunum.programmes.loader import load_programme
    from acunum.programmes.models import Sequence
    from acunum.workshops import presets
    from acunum.workshops.models import Activity

    programme, _created = load_programme()
    seats = programme.max_trainees
    if participants > activities * seats:
        sys.exit(f"{participants} participants do not fit in {activities} rooms of {seats}.")
    planned = schedule.propose(
        schedule.sequence_specs(programme),
        schedule.Constraints(
            start=timezone.localdate(), weekdays=frozenset(range(7)), max_days_per_week=7
        ),
    )
    structure = Structure.objects.create(
        name="Structure du banc d’essai",
        kind=Structure.Kind.SOCIOCULTURAL,
        funder_kind=Structure.FunderKind.OPCO,
        funder_name="Uniformation",
        city="Lyon",
    )
    by_day = presets.load()
    rooms, phones = [], []
    for n in range(activities):
        # As even as possible: 500 in 36 rooms is 32 rooms of 14 and 4 of 13.
        people = participants // activities + (n < participants % activities)
        day, kind, rank, anonymous = ROTATION[n % len(ROTATION)]
        with transaction.atomic():  # one commit per room: SQLite syncs once, not 40 times
            trainer = User.objects.create_user(
                username=f"formatrice{label}{n}",
                role=User.Role.TRAINER,
                first_name="Formatrice",
                last_name=str(n),
            )
            cycle = Cycle.objects.create(
                programme_version=programme,
                structure=structure,
                place=f"Salle {n}",
                status=Cycle.Status.AGREED,
            )
            cycle.trainers.add(trainer)
            schedule.save_schedule(cycle, planned)
            links = []
            for seat in range(people - PSEUDONYMS_PER_ROOM):
                trainee = Trainee.objects.create(
                    structure=structure,
                    last_name=f"Stagiaire {n}-{seat}",
                    first_name="Camille",
                    email=f"stagiaire{n}-{seat}@exemple.org",
                    job="Animateur",
                    status=Trainee.Status.EMPLOYEE,
                )
                links.append(Enrolment.objects.enrol(cycle, trainee).issue_link())
            cycle.change_status(Cycle.Status.SCHEDULED)
            cycle.change_status(Cycle.Status.IN_TRAINING)
            sequence = Sequence.objects.get(version=programme, code=day)
            preset = [p for p in by_day[day] if p.kind == kind][rank]
            presets.propose(cycle, sequence)  # the whole day, as its page does
            activity = Activity.objects.get(cycle=cycle, sequence=sequence, title=preset.title)
            if anonymous is not None and anonymous != activity.anonymous:
                # The trainer's choice before launching: half the débats are anonymous and half
                # the dot votes named, so that both kinds of ballot are measured.
                activity.anonymous = anonymous
                activity.save()
            activity.change_state(Activity.State.OPEN)
        # The trainer, logged in on the laptop that drives the projector.
        browser = DjangoClient()
        browser.force_login(trainer)
        session = browser.cookies[settings.SESSION_COOKIE_NAME].value
        names = (cycle.code, sequence.code, activity.join_code)
        activity.refresh_from_db()
        room = Room(
            index=n,
            kind=kind,
            anonymous=activity.anonymous,
            results_shown=activity.results_shown,
            settings=activity.settings,
            projector=reverse("workshops:projector", args=names),
            live=reverse("workshops:live", args=names),
            session=f"{settings.SESSION_COOKIE_NAME}={session}",
            version0=activity.version,
            activity_pk=activity.pk,
        )
        rooms.append(room)
        paths = [reverse("workshops:trainee-activity", args=[t, activity.join_code]) for t in links]
        join = reverse("workshops:join-activity", args=[activity.join_code])
        paths += [join] * PSEUDONYMS_PER_ROOM
        for k, path in enumerate(paths):
            pseudonym = f"Visiteur {n}-{k}" if path == join else ""
            phones.append(Phone(len(phones), n, path, pseudonym, 0.0, [], set()))
    return rooms, phones


def plan(rooms: list[Room], phones: list[Phone], seconds: float, retry_every: int, seed: int):
    """When each phone arrives and what it answers when: realistic pacing, seeded."""
    from acunum.workshops.kinds.timeline import FIRST_YEAR, this_year

    rng = random.Random(seed)
    years = (FIRST_YEAR, this_year())  # what the ligne de vie's form says it takes
    answers = 0
    for phone in phones:
        room = rooms[phone.room]
        # The trainer shows the code; people take out their phones within the first quarter.
        phone.arrival = rng.uniform(0, seconds / 4)
        if room.kind == "word_cloud":
            words = rng.sample(WORDS, room.settings["words_per_person"])
            fields = [{"word": [w]} for w in words]  # a word at a time, as they come
        elif room.kind == "poll":
            count = len(room.settings["choices"])
            if room.settings["multiple"]:
                picked = sorted(rng.sample(range(count), rng.randint(1, 3)))
            else:
                # Some answers are more common than others.
                weights = ([5, 3, 2, 2] + [1] * count)[:count]
                picked = [rng.choices(range(count), weights=weights)[0]]
            fields = [{"choice": [str(i) for i in picked]}]
        elif room.kind == "moving_debate":
            position, fields = None, []
            for _move in range(rng.randint(3, 6)):  # placed, then moved by arguments
                position = rng.choice([p for p in range(1, 6) if p != position])
                fields.append({"position": [str(position)]})
        elif room.kind == "post_it_wall":
            # The form's fields as FormData sends them: the column's radio, then the textarea.
            columns = len(room.settings["columns"])
            fields = [
                {"column": [str(rng.randrange(columns))], "text": [text]}
                for text in rng.sample(POST_ITS, rng.randint(1, 3))
            ]
        elif room.kind == "timeline":
            most = room.settings["events_per_person"]
            born = rng.randint(*BORN)
            fields = []
            firsts = rng.sample(FIRSTS, rng.randint(min(2, most), min(4, most)))
            for label, common, youngest in firsts:
                late = int(rng.expovariate(1 / DELAY))
                year = min(max(common, born + youngest, years[0]) + late, years[1])
                # Typed on a phone: with or without a capital, as the keyboard had it.
                label = label[0].upper() + label[1:] if rng.random() < 0.4 else label
                fields.append({"year": [str(year)], "label": [label]})
        elif room.kind == "dot_voting":
            options, dots = len(room.settings["options"]), room.settings["dots_per_person"]
            # Some options draw more dots than others; several dots on one option happen.
            weights = ([6, 4, 3, 2] + [1] * options)[:options]
            placed = rng.choices(range(options), weights=weights, k=dots)
            fields = [{"option": [str(i)]} for i in placed]
            if options > 1 and rng.random() < 1 / 3:
                # Second thoughts: a dot taken back, then placed on another option.
                taken = rng.choice(placed)
                elsewhere = rng.choice([i for i in range(options) if i != taken])
                fields += [{"take_back": [str(taken)]}, {"option": [str(elsewhere)]}]
        else:
            sys.exit(f"Room {room.index}: no phone behaviour for the kind {room.kind!r}.")
        # Answers at random moments between arriving (and reading the prompt) and the end.
        start = phone.arrival + min(3.0, seconds / 10)
        moments = sorted(rng.uniform(start, seconds) for _ in fields)
        phone.plan = list(zip(moments, fields, strict=True))
        for k in range(len(fields)):
            answers += 1
            if answers % retry_every == 0:
                phone.retries.add(k)


async def room(rooms, phones, port, timeout, interval, watch_every, seed) -> dict:
    """The minute in the rooms: phones answer and watch, projectors poll; returns what was
    seen."""
    tally = Tally()
    answers: list[Answer] = []
    answering = {p.index for p in phones}  # the phones that have not sent all their answers
    over = asyncio.Event()  # every phone has: the room is over, the phones stop watching
    done = asyncio.Event()  # and every phone is done: the projectors catch up, then stop
    began = time.perf_counter()
    rng = random.Random(seed + 1)
    base = {"Accept-Language": "fr", "Accept-Encoding": "identity"}
    origin = f"http://{HOST}:{port}"
    targets: dict[int, int] = {}  # room → the version its projector must reach at the end

    def now() -> float:
        return time.perf_counter() - began

    async def until(moment: float) -> None:
        await asyncio.sleep(max(0.0, moment - now()))

    async def load(client: Client, path: str, headers: dict, cache: set) -> Response:
        """GET a page, then the styles, scripts and icons it names that the browser does not
        have yet (one after the other: their timing is not measured)."""
        response = await client.request("GET", path, headers)
        if response.status == 200:
            for asset in dict.fromkeys(ASSET.findall(response.body)):
                if asset not in cache:
                    cache.add(asset)
                    got = await client.request("GET", html.unescape(asset.decode()), base)
                    if got.status != 200:
                        tally.fail(f"GET {asset.decode()}: HTTP {got.status}")
        return response

    async def projector(room: Room) -> None:
        client = Client(port, timeout, tally)
        cookie = {"Cookie": room.session}
        await until(rng.uniform(0, interval))
        try:
            page = await load(client, room.projector, {**base, **cookie}, set())
            shown, tag = PAGE_VERSION.search(page.body), PAGE_ETAG.search(page.body)
            if page.status != 200 or not shown or not tag:
                tally.fail(f"GET {room.projector}: HTTP {page.status}")
                return
            room.seen.append((now(), int(shown.group(1))))
            tag = html.unescape(tag.group(1).decode())
            deadline = None
            while True:
                await asyncio.sleep(interval)  # after each response, as workshops.js does
                if done.is_set():
                    deadline = deadline or now() + CATCH_UP
                    if room.seen[-1][1] >= targets.get(room.index, 0) or now() > deadline:
                        return
                headers = {**base, **cookie, "Accept": "application/json"}
                response = await client.request("GET", room.live, {**headers, "If-None-Match": tag})
                room.polls += 1
                if response.status == 304:
                    room.not_modified += 1
                elif response.status == 200:
                    data = json.loads(response.body)
                    room.seen.append((now(), data["version"]))
                    tag = response.header("etag")[0]
                else:
                    tally.fail(f"GET {room.live}: HTTP {response.status}")
        except FAILURES as e:
            tally.fail(f"projector {room.live}: {e!r}")
        finally:
            client.close()

    def form_page(phone: Phone, response: Response, what: str) -> bool:
        phone.keep_cookies(response)
        match = CSRF_FIELD.search(response.body)
        if response.status != 200 or not match or b"data-contribute" not in response.body:
            tally.fail(f"{what} {phone.path}: HTTP {response.status}, no answer form")
            return False
        phone.form_token = html.unescape(match.group(1).decode())
        phone.word_inputs = response.body.count(b'name="word"')
        phone.take_backs = {value.decode() for value in TAKE_BACK.findall(response.body)}
        return watched(phone, response, what)

    def watched(phone: Phone, response: Response, what: str) -> bool:
        """A page loaded: its script starts watching its URL with its ETag, `watch_every` on."""
        element = WATCH_ELEMENT.search(response.body)
        url = element and WATCH_URL.search(element.group(0))
        tag = element and PAGE_ETAG.search(element.group(0))
        if response.status != 200 or not url or not tag:
            tally.fail(f"{what} {phone.path}: HTTP {response.status}, no [data-watch]")
            return False
        phone.watch = html.unescape(url.group(1).decode())
        phone.watch_etag = html.unescape(tag.group(1).decode())
        phone.watch_due = now() + watch_every
        return True

    async def watching(client: Client, phone: Phone, before: float | None) -> None:
        """What the page's script does while the phone waits to answer (`before`, its next
        answer's moment: a poll due by then is sent first, on the same connection) or, once it
        has sent everything (None), until the room is over: it asks the watch URL with the ETag
        it holds, `watch_every` after the page was loaded and after each response."""
        while not over.is_set():
            if before is not None:
                if phone.watch_due > before:
                    return
                await until(phone.watch_due)
            else:
                try:
                    await asyncio.wait_for(over.wait(), max(0.0, phone.watch_due - now()))
                    return
                except TimeoutError:
                    pass
            headers = {
                **base,
                "Accept": "application/json",
                "Cookie": phone.cookie_header(),
                "If-None-Match": phone.watch_etag,
            }
            response = await client.request("GET", phone.watch, headers)
            phone.keep_cookies(response)
            tally.watches += 1
            if response.status == 304:
                tally.watches_not_modified += 1
            elif response.status == 200:
                # The page would reload here; the bench keeps the ETag, as the script's poll
                # does, and reports what changed.
                phone.watch_etag = response.header("etag")[0]
                change = response.body.decode(errors="replace")
                tally.watches_changed.append(f"{now():.1f} s, GET {phone.watch}: {change}")
            else:
                tally.fail(f"GET {phone.watch}: HTTP {response.status}")
            phone.watch_due = now() + watch_every

    def answered(phone: Phone) -> None:
        """This phone has sent its answers (or given up): the last one ends the room."""
        answering.discard(phone.index)
        if not answering:
            over.set()

    def posting(phone: Phone) -> dict:
        return {
            **base,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": phone.cookie_header(),
            "Origin": origin,
            "Referer": origin + quote(phone.path),
        }

    async def join(client: Client, phone: Phone) -> bool:
        """By the code: the pseudonym's form, then the activity's page."""
        page = await load(client, phone.path, base, phone.assets)
        phone.keep_cookies(page)
        match = CSRF_FIELD.search(page.body)
        if page.status != 200 or not match:
            tally.fail(f"GET {phone.path}: HTTP {page.status}, no pseudonym form")
            return False
        fields = {"csrfmiddlewaretoken": html.unescape(match.group(1).decode())}
        fields["pseudonym"] = phone.pseudonym
        body = urlencode(fields).encode()
        sent = await client.request("POST", phone.path, posting(phone), body)
        phone.keep_cookies(sent)
        if sent.status != 302 or urlsplit(sent.header("location")[0]).path != phone.path:
            tally.fail(f"POST {phone.path} (pseudonym): HTTP {sent.status}")
            return False
        headers = {**base, "Cookie": phone.cookie_header()}
        page = await load(client, phone.path, headers, phone.assets)
        return form_page(phone, page, "GET")

    async def send(client: Client, phone: Phone, answer: Answer) -> bool:
        """As workshops.js: the form's fields, the phone's identifier, an answer in JSON."""
        taken = answer.fields.get("take_back", [None])[0]
        if taken is not None and taken not in phone.take_backs:
            # A person takes a dot back with the button the page shows next to it.
            tally.fail(f"GET {phone.path}: no button to take a dot back from option {taken}")
            return False
        fields = {"csrfmiddlewaretoken": phone.form_token, "client_id": answer.client_id}
        if "word" in answer.fields:
            # Every input of the form is sent, the empty ones too, as FormData does.
            words = answer.fields["word"]
            fields["word"] = words + [""] * (phone.word_inputs - len(words))
        else:
            fields.update(answer.fields)
        body = urlencode(fields, doseq=True).encode()
        headers = {**posting(phone), "Accept": "application/json"}
        response = await client.request("POST", phone.path, headers, body)
        phone.keep_cookies(response)
        try:
            reply = json.loads(response.body) if response.status == 200 else {}
        except ValueError:
            reply = {}
        if not reply.get("ok"):
            message = reply.get("message", "")
            tally.fail(f"POST {phone.path} {answer.fields}: HTTP {response.status} {message}")
            return False
        return True

    async def participant(phone: Phone) -> None:
        client = Client(port, timeout, tally)
        await until(phone.arrival)
        try:
            if phone.pseudonym:
                if not await join(client, phone):
                    return
            else:
                page = await load(client, phone.path, base, phone.assets)
                if not form_page(phone, page, "GET"):
                    return
            for k, (moment, fields) in enumerate(phone.plan):
                await watching(client, phone, moment)
                await until(moment)
                answer = Answer(
                    phone.room, phone.index, str(uuid.uuid4()), fields, k in phone.retries
                )
                answers.append(answer)
                if not await send(client, phone, answer):
                    return
                answer.acknowledged_at = now()
                if answer.retry:
                    # The response was lost on the way (the Wi-Fi dropped): the phone sends the
                    # same answer again, with the same identifier; it must be stored once.
                    again = now() + RETRY_AFTER
                    await watching(client, phone, again)  # the page is still open, watching
                    await until(again)
                    if not await send(client, phone, answer):
                        return
                # Then the script loads the page again: what was sent, what is left to send.
                headers = {**base, "Cookie": phone.cookie_header()}
                page = await load(client, phone.path, headers, phone.assets)
                last = k == len(phone.plan) - 1
                if last:
                    phone.keep_cookies(page)
                    if not watched(phone, page, "GET after answering"):
                        return
                elif not form_page(phone, page, "GET after answering"):
                    return
            # Everything sent; the page stays open, watching, until the room is over.
            answered(phone)
            await watching(client, phone, None)
        except FAILURES as e:
            tally.fail(f"phone {phone.path}: {e!r}")
        finally:
            answered(phone)
            client.close()

    async def phones_then_done() -> None:
        await asyncio.gather(*(participant(p) for p in phones))
        for r in rooms:
            stored = sum(1 for a in answers if a.room == r.index and a.acknowledged_at is not None)
            targets[r.index] = r.version0 + stored
        marks["cpu_end"], marks["self_end"], marks["end"] = server_cpu(), own_cpu(), now()
        marks["requests"] = tally.requests
        done.set()

    marks = {"cpu_start": server_cpu(), "self_start": own_cpu()}
    await asyncio.gather(phones_then_done(), *(projector(r) for r in rooms))
    return {"tally": tally, "answers": answers, "marks": marks}


async def final_reads(rooms: list[Room], port: int, timeout: float, tally: Tally) -> None:
    """Each projector reads its activity once more, without If-None-Match."""
    client = Client(port, timeout, tally)
    try:
        for r in rooms:
            headers = {"Accept": "application/json", "Cookie": r.session}
            response = await client.request("GET", r.live, headers)
            if response.status == 200:
                r.final = json.loads(response.body)
            else:
                tally.fail(f"final GET {r.live}: HTTP {response.status}")
    except FAILURES as e:
        tally.fail(f"final GET: {e!r}")
    finally:
        client.close()


async def bare(port: int, count: int, connections: int, timeout: float) -> tuple[float, int]:
    """The reference: `count` GETs of bench/bare/ over keep-alive connections; seconds, errors."""
    left, errors = [count], [0]

    async def worker() -> None:
        connection = Connection(port, timeout)
        while left[0] > 0:
            left[0] -= 1
            try:
                response = await connection.request("GET", "/bench/bare/", {})
                if response.status != 200 or response.body != b"ok":
                    errors[0] += 1
            except FAILURES:
                errors[0] += 1
        connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return time.perf_counter() - began, errors[0]


def expected_results(room: Room, answers: list[Answer]) -> dict:
    """What the projector must show, counted here from the answers the phones were told were
    recorded (not with the kinds' own aggregation, which is what is checked)."""
    mine = [a for a in answers if a.room == room.index and a.acknowledged_at is not None]
    if room.kind == "word_cloud":
        # WORDS are written as the cloud counts them: lower case, accents kept.
        results = {"words": Counter(a.fields["word"][0] for a in mine)}
    elif room.kind == "poll":
        counts = [0] * len(room.settings["choices"])
        for a in mine:
            for choice in a.fields["choice"]:
                counts[int(choice)] += 1
        results = {"counts": counts, "answers": len(mine)}
    elif room.kind == "moving_debate":
        where = {}  # each phone's latest position: where it stands now
        for a in mine:
            where[a.phone] = int(a.fields["position"][0])
        counts = [sum(1 for p in where.values() if p == position) for position in range(1, 6)]
        results = {"counts": counts, "placed": len(where), "moves": len(mine)}
    elif room.kind == "post_it_wall":
        # Each post-it once, in the column it was sent to; its text as typed, the browser's CRLF
        # being one line break on the wall.
        columns = [Counter() for _ in room.settings["columns"]]
        for a in mine:
            columns[int(a.fields["column"][0])][a.fields["text"][0].replace("\r\n", "\n")] += 1
        results = {"columns": columns, "cards": len(mine)}
    elif room.kind == "timeline":
        # The frise pools the group's events: one line per year and event, whoever wrote it and
        # however it was capitalised, with how many sent it.
        pooled = Counter((int(a.fields["year"][0]), a.fields["label"][0].casefold()) for a in mine)
        results = {"events": pooled, "lines": len(pooled), "sent": len(mine)}
    else:
        counts = [0] * len(room.settings["options"])
        for a in mine:
            counts[dot_option(a)] += dot_change(a)
        results = {"counts": counts, "dots": sum(counts)}
    return {
        "contributions": len(mine),
        # Who has sent something that still counts: a dot vote's dots all taken back do not.
        "participants": sum(1 for n in sent_by_phone(mine).values() if n > 0),
        "results": results,
    }


def dot_change(answer: Answer) -> int:
    """What an answer counts towards its person's limit: a dot taken back gives one back."""
    return -1 if "take_back" in answer.fields else 1


def dot_option(answer: Answer) -> int:
    return int((answer.fields.get("option") or answer.fields["take_back"])[0])


def sent_by_phone(answers: list[Answer]) -> Counter:
    """What each phone has sent that counts, as the participants' rows must say."""
    sent = Counter()
    for a in answers:
        sent[a.phone] += dot_change(a)
    return sent


def comparable(kind: str, results: dict | None) -> dict | None:
    """The counts of an aggregate, without the labels and sizes the kinds add."""
    if results is None:
        return None
    if kind == "word_cloud":
        return {"words": Counter({w["text"]: w["count"] for w in results["words"]})}
    if kind == "poll":
        return {"counts": [c["count"] for c in results["choices"]], "answers": results["answers"]}
    if kind == "moving_debate":
        return {
            "counts": [p["count"] for p in results["positions"]],
            "placed": results["placed"],
            "moves": results["moves"],
        }
    if kind == "post_it_wall":
        return {
            "columns": [Counter(card["text"] for card in c["cards"]) for c in results["columns"]],
            "cards": results["cards"],
        }
    if kind == "timeline":
        events = [e for group in results["groups"] for e in group["events"]]
        pooled = Counter()
        for e in events:
            pooled[(e["year"], e["text"].casefold())] += e["count"]
        # As many lines as events pooled: the same event twice on the frise would not match.
        return {"events": pooled, "lines": len(events), "sent": results["events"]}
    by_index = {o["index"]: o["count"] for o in results["options"]}
    return {"counts": [by_index.get(i) for i in range(len(by_index))], "dots": results["dots"]}


def count(rooms: list[Room], answers: list[Answer]) -> dict:
    """What the database holds, against what the phones were told; and each answer's delay."""
    from django.db.models import Sum

    from acunum.workshops.models import Activity, Contribution, Participant

    sent = {a.client_id: a for a in answers}
    acknowledged = {a.client_id for a in answers if a.acknowledged_at is not None}
    problems: list[str] = []
    delays: list[float] = []
    unseen = 0
    for r in rooms:
        rows = list(
            Contribution.objects.filter(activity_id=r.activity_pk)
            .order_by("created_at")
            .values_list("pk", flat=True)
        )
        ids = [str(pk) for pk in rows]
        mine = {a.client_id for a in answers if a.room == r.index} & acknowledged
        if missing := mine - set(ids):
            problems.append(f"room {r.index}: {len(missing)} acknowledged answers not stored")
        if strangers := set(ids) - set(sent):
            problems.append(f"room {r.index}: {len(strangers)} rows from no answer sent")
        counted = Participant.objects.filter(activity_id=r.activity_pk).aggregate(n=Sum("sent"))
        # One per row, except for a dot vote: a dot taken back gives its dot back.
        expected_sent = sum(dot_change(sent[i]) if i in sent else 1 for i in ids)
        if (counted["n"] or 0) != expected_sent:
            problems.append(
                f"room {r.index}: participants sent {counted['n']}, {expected_sent} expected"
                f" from {len(ids)} rows"
            )
        version = Activity.objects.values_list("version", flat=True).get(pk=r.activity_pk)
        revealed = 0 if r.results_shown else 1  # the trainer's reveal at the end bumped it too
        if version != r.version0 + len(ids) + revealed:
            problems.append(f"room {r.index}: version {version}, {len(ids)} answers stored")
        # One answer, one row (a word at a time), stored under the activity's lock in the
        # order of created_at: the version this answer made is the first plus its rank.
        for rank, ident in enumerate(ids, start=1):
            answer = sent.get(ident)
            if answer is None or answer.acknowledged_at is None:
                continue
            seen = next((t for t, v in r.seen if v >= r.version0 + rank), None)
            if seen is None:
                unseen += 1
            else:
                delays.append(max(0.0, seen - answer.acknowledged_at))
        if r.final is None:
            problems.append(f"room {r.index}: no final read")
            continue
        expected = expected_results(r, answers)
        shown = {
            "contributions": r.final["contributions"],
            "participants": r.final["participants"],
            "results": comparable(r.kind, r.final["results"]),
        }
        if shown != expected:
            problems.append(f"room {r.index} ({r.kind}): shows {shown}, expected {expected}")
    everything = {str(pk) for pk in Contribution.objects.values_list("pk", flat=True)}
    return {
        "stored": len(everything),
        "lost": len(acknowledged - everything),
        "problems": problems,
        "unseen": unseen,
        "delays": delays,
    }


def clock_ticks() -> int:
    return os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


SERVER_PID = [0]


def server_cpu() -> float:
    """CPU seconds (user + system) of the server process and all its children, from /proc;
    NaN where there is no /proc (the bench still runs, without this figure)."""
    return tree_cpu(SERVER_PID[0])


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system) of process `root` and all its children, from /proc; NaN
    without /proc (bench/together.py reads each of its servers' with it)."""
    if not root or not Path("/proc/self/stat").exists():
        return float("nan")
    parents, ticks = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # ended meanwhile
        fields = text[text.rfind(")") + 2 :].split()  # after the command's name, field 3 on
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = int(fields[11]) + int(fields[12])  # utime, stime
    tree, frontier = set(), [root]
    while frontier:
        pid = frontier.pop()
        tree.add(pid)
        frontier += [p for p, parent in parents.items() if parent == pid and p not in tree]
    return sum(ticks.get(pid, 0) for pid in tree) / clock_ticks()


def own_cpu() -> float:
    """The load generator's CPU seconds (this process, user + system)."""
    return time.process_time()


def exceptions(log: str) -> list[str]:
    """The exception that ended each traceback of the server's log: what went wrong, briefly."""
    lines, found = log.splitlines(), []
    for n, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = next((x for x in lines[n + 1 :] if x and not x.startswith(" ")), "")
            found.append(end)
    return found


def child(args) -> None:
    """Everything for one database, in a process whose settings point at it."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from acunum.workshops.models import Activity

    def say(message: str) -> None:
        print(f"  [{connection.vendor}] {message}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    rooms, phones = build(args.activities, args.participants)
    plan(rooms, phones, args.seconds, args.retry_every, args.seed)
    took = time.perf_counter() - started
    say(f"built {len(rooms)} activities, {len(phones)} participants in {took:.0f} s")
    connection.close()  # the server's process is the one working now

    port = free_port()
    process, log = start_server(
        port, dict(os.environ), workers=WORKERS, threads=args.threads, ready="/bench/bare/"
    )
    SERVER_PID[0] = process.pid
    try:
        # The server idle for a few seconds: what it costs when nothing happens.
        idle_start = server_cpu()
        time.sleep(args.idle)
        idle = (server_cpu() - idle_start) / args.idle
        say(f"server on {HOST}:{port}; {len(phones)} phones, {len(rooms)} projectors")
        result = asyncio.run(
            room(rooms, phones, port, args.timeout, args.interval, args.watch_interval, args.seed)
        )
        tally, answers, marks = result["tally"], result["answers"], result["marks"]
        say(f"room: {tally.requests} requests, {tally.errors} errors in {marks['end']:.0f} s")
        # The trainers reveal the polls' results; each projector reads its activity once more.
        for r in rooms:
            if not r.results_shown:
                Activity.objects.get(pk=r.activity_pk).show_results(True)
        connection.close()
        asyncio.run(final_reads(rooms, port, args.timeout, tally))
        # The reference: as many requests as the room made, to a bare view.
        bare_start = server_cpu()
        bare_seconds, bare_errors = asyncio.run(
            bare(port, marks["requests"], args.reference_connections, args.timeout)
        )
        bare_cpu = server_cpu() - bare_start
        say(f"reference: {marks['requests']} bare GETs in {bare_seconds:.1f} s")
    finally:
        server_log = stop_server(process, log)
    counts = count(rooms, answers)
    delays = counts.pop("delays")
    polls = sum(r.polls for r in rooms)
    window = marks["end"]
    cpu = marks["cpu_end"] - marks["cpu_start"]
    print(
        "RESULT "
        + json.dumps(
            {
                "backend": connection.vendor,
                "database": f"sqlite {connection.Database.sqlite_version}"
                if connection.vendor == "sqlite"
                else f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}",
                "rooms": len(rooms),
                "kinds": Counter(r.kind for r in rooms),
                "anonymous": sum(r.anonymous for r in rooms),
                "participants": len(phones),
                "pseudonyms": sum(1 for p in phones if p.pseudonym),
                "answers": len(answers),
                "acknowledged": sum(1 for a in answers if a.acknowledged_at is not None),
                "retried": sum(1 for a in answers if a.retry and a.acknowledged_at is not None),
                "window": window,
                "requests": marks["requests"],
                "polls": polls,
                "not_modified": sum(r.not_modified for r in rooms),
                "watches": tally.watches,
                "watches_not_modified": tally.watches_not_modified,
                "watches_changed": len(tally.watches_changed),
                "first_changes": tally.watches_changed[:3],
                "reconnects": tally.reconnects,
                "errors": tally.errors + bare_errors + len(counts["problems"]) + counts["unseen"],
                "first_errors": tally.first_errors + counts["problems"][:3],
                "p50": percentile(delays, 0.50),
                "p95": percentile(delays, 0.95),
                "p99": percentile(delays, 0.99),
                "max": max(delays, default=float("nan")),
                "cpu": cpu,
                "idle": idle,
                "generator_cpu": marks["self_end"] - marks["self_start"],
                "bare_cpu": bare_cpu,
                "bare_seconds": bare_seconds,
                "server_errors": exceptions(server_log)[:3],
                **counts,
            }
        ),
        flush=True,
    )


# ---------------------------------------------------------------------------------------------
# The parent: one child per database, then the table.


def child_args(args) -> list[str]:
    return [
        f"--activities={args.activities}",
        f"--participants={args.participants}",
        f"--seconds={args.seconds}",
        f"--interval={args.interval}",
        f"--watch-interval={args.watch_interval}",
        f"--threads={args.threads}",
        f"--retry-every={args.retry_every}",
        f"--idle={args.idle}",
        f"--reference-connections={args.reference_connections}",
        f"--timeout={args.timeout}",
        f"--seed={args.seed}",
    ]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(results: list[dict], args) -> bool:
    first = results[0]
    kinds = first["kinds"]
    print(
        f"Workshops, {date.today().isoformat()}: {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} cores, Python {platform.python_version()};"
        f" acunum serve (Granian {WORKERS}×{args.threads}: one process) on {HOST};"
        f" {first['rooms']} activities ({kinds.get('word_cloud', 0)} word clouds,"
        f" {kinds.get('poll', 0)} polls, {kinds.get('moving_debate', 0)} débats,"
        f" {kinds.get('post_it_wall', 0)} post-it walls, {kinds.get('timeline', 0)} lignes de vie,"
        f" {kinds.get('dot_voting', 0)} dot votes;"
        f" {first['anonymous']} anonymous), {first['participants']} participants"
        f" ({first['pseudonyms']} by code and pseudonym) answering within {args.seconds:.0f} s,"
        f" 1 answer in {args.retry_every} sent twice; {first['rooms']} projectors polling every"
        f" {args.interval:g} s and the {first['participants']} phones' pages every"
        f" {args.watch_interval:g} s, with If-None-Match; the load generator on the same machine;"
        f" load average {LOAD_BEFORE:.1f} before, {load_average():.1f} after"
    )
    print(
        "Versions: "
        + ", ".join(f"{p} {version(p)}" for p in ("django", "granian", "psycopg"))
        + ", "
        + ", ".join(r["database"] for r in results)
    )
    print()
    header = (
        f"{'database':<11} {'answers':>11} {'p50 s':>6} {'p95 s':>6} {'p99 s':>6} {'max s':>6}"
        f" {'errors':>6} {'req/s':>6} {'304 %':>6} {'watch 304 %':>11}"
        f" {'CPU ms/participant-min':>23}"
        f" {'bare':>6} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        minutes = r["participants"] * r["window"] / 60
        bare = r["bare_cpu"] * 1000 / minutes
        print(
            f"{r['backend']:<11} {r['acknowledged']:>5}/{r['answers']:<5}"
            f" {r['p50']:>6.2f} {r['p95']:>6.2f} {r['p99']:>6.2f} {r['max']:>6.2f}"
            f" {r['errors']:>6} {r['requests'] / r['window']:>6.1f}"
            f" {100 * r['not_modified'] / max(r['polls'], 1):>6.1f}"
            f" {100 * r['watches_not_modified'] / max(r['watches'], 1):>11.1f}"
            f" {r['cpu'] * 1000 / minutes:>23.1f} {bare:>6.1f} {r['cpu'] / r['bare_cpu']:>6.1f}"
        )
    print()
    print(
        "answers: acknowledged/sent. p50–max: from an answer's POST answered to the first"
        " projector poll returning a snapshot that includes it (the polling interval included)."
        " req/s: every request of the phones (their pages' watch polls included) and projectors"
        " over the room's time. 304 %: the projectors' polls answered Not Modified; watch 304 %:"
        " the phones' (their activity page asking whether the trainer changed it, from its load"
        " to the room's end). CPU: the server's (process and children, from"
        " /proc) over that time ÷ participants × minutes; bare: the same number of GETs of a bare"
        " Django view (bench/bare/) on the same server; ratio: CPU of the room ÷ CPU of the bare"
        " requests."
    )
    for r in results:
        per_request = r["cpu"] / max(r["requests"], 1)
        bare_per_request = r["bare_cpu"] / max(r["requests"], 1)
        print(
            f"{r['backend']}: {r['requests']} requests in {r['window']:.1f} s"
            f" ({r['polls']} projector polls, {r['not_modified']} answered 304;"
            f" {r['watches']} watch polls by the phones, {r['watches_not_modified']} answered 304,"
            f" {r['watches_changed']} answered 200);"
            f" server CPU {r['cpu']:.1f} s ({ms(per_request)} ms a request; idle"
            f" {ms(r['idle'])} ms a second), bare view {ms(bare_per_request)} ms a request"
            f" ({r['requests'] / r['bare_seconds']:.0f}/s);"
            f" load generator {r['generator_cpu']:.1f} s CPU; {r['stored']} contributions"
            f" stored for {r['acknowledged']} answers acknowledged,"
            f" {r['retried']} of them sent twice; {r['lost']} lost,"
            f" {r['unseen']} never on the projector; {r['reconnects']} idle connections reopened"
        )
        for error in (*r["first_errors"], *r["server_errors"]):
            print(f"  first error: {error}")
        for change in r["first_changes"]:
            print(f"  watch answered 200 during the room: {change}")
    print()
    checks = [
        (f"p95 < {BUDGET_P95_S:g} s", lambda r: r["p95"] < BUDGET_P95_S),
        ("0 errors", lambda r: r["errors"] == 0 and r["acknowledged"] == r["answers"]),
        (
            "every answer stored once, retries included",
            lambda r: r["lost"] == 0 and r["stored"] == r["acknowledged"] and not r["problems"],
        ),
    ]
    print(f"{'budget':<44}" + "".join(f"{r['backend']:>12}" for r in results))
    passed = True
    for name, check in checks:
        cells = []
        for r in results:
            ok = check(r)
            passed &= ok
            cells.append(f"{'PASS' if ok else 'FAIL':>12}")
        print(f"{name:<44}" + "".join(cells))
    sys.stdout.flush()
    return passed


LOAD_BEFORE = load_average()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=36, help="rooms, one activity each")
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60, help="the answers' span")
    parser.add_argument(
        "--interval",
        type=float,
        default=poll_interval(),
        help="the projectors' polling interval (default: workshops.js's)",
    )
    parser.add_argument(
        "--watch-interval",
        type=float,
        default=watch_interval(),
        help="a participant's page's polling interval (default: workshops.js's)",
    )
    parser.add_argument("--threads", type=int, default=4, help="the server's (acunum serve's)")
    parser.add_argument("--retry-every", type=int, default=20, help="1 answer in N sent twice")
    parser.add_argument("--idle", type=float, default=5, help="seconds of idle server measured")
    parser.add_argument("--reference-connections", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=30, help="seconds for one request")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/",
        help="the PostgreSQL server; a throwaway database is created there and dropped",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="6 activities (one of each kind), 42 participants, 10 s: a smoke test",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        # One room of each kind, with as many phones as before in all (seven a room).
        args.activities, args.participants, args.seconds, args.idle = 6, 42, 10, 1
    if args.child:
        child(args)
        return
    results = []
    for backend in args.databases:
        print(f"{backend}…", file=sys.stderr, flush=True)
        results.append(
            run_backend(backend, args.postgres, child_args(args), Path(__file__).resolve())
        )
    sys.exit(0 if report(results, args) else 1)


if __name__ == "__main__":
    main()
