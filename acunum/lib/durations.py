"""Durations as French trainers write them: 3360 minutes is "56 h", 210 is "3 h 30"."""


def hours(minutes: int) -> str:
    h, m = divmod(int(minutes), 60)
    return f"{h} h {m:02d}" if m else f"{h} h"
