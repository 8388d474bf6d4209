"""Expands a built site's calendar.ics with independent implementations (icalendar and
recurring-ical-events from PyPI) over the calendar window and checks that it yields exactly the
occurrences of events.json, and that each date page's one-date .ics ("add this date") yields
exactly its occurrence, under a UID of its own and with no rule. Exits 1 and lists the
differences otherwise."""

import datetime
import json
import pathlib
import sys

import icalendar
import recurring_ical_events


def instant(text_or_value, all_day):
    """A comparable key: the date for all-day occurrences, the UTC instant otherwise."""
    if all_day:
        if isinstance(text_or_value, str):
            return text_or_value[:10]
        return text_or_value.isoformat()[:10]
    value = text_or_value
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value.astimezone(datetime.timezone.utc).isoformat()


def main(site):
    site = pathlib.Path(site)
    document = json.loads((site / "events.json").read_text(encoding="utf-8"))
    expected = sorted(
        (o["id"], instant(o["start"], o["all_day"]), instant(o["end"], o["all_day"]), o["status"])
        for o in document["occurrences"]
    )

    feed = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    start = datetime.datetime.fromisoformat(document["window"]["start"])
    end = datetime.datetime.fromisoformat(document["window"]["end"])
    found = []
    for event in recurring_ical_events.of(feed).between(start, end):
        begin = event["DTSTART"].dt
        all_day = not isinstance(begin, datetime.datetime)
        finish = event["DTEND"].dt
        status = str(event.get("STATUS", "CONFIRMED")).lower()
        found.append((str(event["UID"]).split("@")[0], instant(begin, all_day), instant(finish, all_day), status))
    found.sort()

    # Every feed file must parse on its own, too.
    files = {}
    for path in sorted(site.rglob("*.ics")):
        icalendar.Calendar.from_ical(path.read_bytes())
        files[(path.parent.name, path.stem)] = path

    problems, dates = check_dates(document, files, start, end)
    for problem in problems:
        print(problem)

    if found != expected:
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        print(f"calendar.ics and events.json disagree: {len(found)} expanded, {len(expected)} listed")
        for item in missing:
            print("  only in events.json:", item)
        for item in extra:
            print("  only in calendar.ics:", item)
        return 1
    if problems:
        return 1
    print(f"calendar.ics and events.json agree on {len(found)} occurrences; {dates} one-date calendars hold their date")
    return 0


def check_dates(document, files, start, end):
    """Each occurrence with a date page (`occurrence_url` below its event's `url`) has beside it a
    calendar of that one occurrence: `<event>/<YYYY-MM-DD>.ics`. The problems, and how many were
    checked."""
    problems = []
    dates = 0
    margin = datetime.timedelta(days=2)
    for o in document["occurrences"]:
        if o["occurrence_url"] == o["url"]:
            continue
        name = o["occurrence_url"].rstrip("/").rsplit("/", 1)[-1]
        path = files.get((o["id"], name))
        if path is None:
            problems.append(f"no one-date calendar for {o['occurrence_url']}")
            continue
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        vevents = [c for c in calendar.walk("VEVENT")]
        if len(vevents) != 1 or any(key in vevents[0] for key in ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")):
            problems.append(f"{path.name} of {o['id']}: not one VEVENT without a rule")
            continue
        uid = str(vevents[0]["UID"])
        day = name.replace("-", "", 2)
        if not uid.startswith(f"{o['id']}-{day}@"):
            problems.append(f"{path.name} of {o['id']}: UID {uid}")
        expanded = [
            (instant(e["DTSTART"].dt, o["all_day"]), instant(e["DTEND"].dt, o["all_day"]), str(e.get("STATUS", "CONFIRMED")).lower())
            # The calendar holds one date: a margin keeps one that touches the window's first or
            # last local day in a far zone.
            for e in recurring_ical_events.of(calendar).between(start - margin, end + margin)
        ]
        expected = [(instant(o["start"], o["all_day"]), instant(o["end"], o["all_day"]), o["status"])]
        if expanded != expected:
            problems.append(f"{path.name} of {o['id']}: {expanded}, events.json says {expected}")
        dates += 1
    return problems, dates


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
