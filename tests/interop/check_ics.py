"""Expands a built site's calendar.ics with independent implementations (icalendar and
recurring-ical-events from PyPI) over the calendar window and checks that it yields exactly the
occurrences of events.json. Exits 1 and lists the differences otherwise."""

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
    for path in sorted(site.rglob("*.ics")):
        icalendar.Calendar.from_ical(path.read_bytes())

    if found != expected:
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        print(f"calendar.ics and events.json disagree: {len(found)} expanded, {len(expected)} listed")
        for item in missing:
            print("  only in events.json:", item)
        for item in extra:
            print("  only in calendar.ics:", item)
        return 1
    print(f"calendar.ics and events.json agree on {len(found)} occurrences")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
