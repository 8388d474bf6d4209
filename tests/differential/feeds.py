"""The generated `.ics` files read by others: expanded with Python's `recurring-ical-events` 3.x
(on `icalendar`, which resolves TZIDs through the tz database), expanded with Mozilla's `ical.js`
(which reads the file's own VTIMEZONE), and every VTIMEZONE evaluated here against zoneinfo."""

import datetime
import json
import os
import select
import subprocess
import warnings

import icalendar
import recurring_ical_events
from dateutil import rrule as dateutil_rrule

import zones

UTC = zones.UTC
DAY = datetime.timedelta(days=1)


def as_utc(value):
    return value.astimezone(UTC)


def _id(uid):
    return str(uid).split("@")[0]


def in_window(all_day, start, end, bounds, zone=None):
    """The oracle's window (oracle.py): whole local days, timed ones in the event's own zone."""
    w_start, w_end, first_day, end_day = bounds
    if all_day:
        return start < end_day and end > first_day
    first_touched = zones.local(zone, start).date()
    last_touched = zones.local(zone, end - datetime.timedelta(seconds=1)).date()
    return first_touched < end_day and last_touched >= first_day


def occurrence_key(uid, all_day, start, end, status, recurrence_id):
    """The oracle's tuple: (id, start, end, all_day, status, original start if moved)."""
    if all_day:
        moved = recurrence_id is not None and recurrence_id != start
        return (_id(uid), start.isoformat(), end.isoformat(), True, status, recurrence_id.isoformat() if moved else None)
    moved = recurrence_id is not None and recurrence_id != start
    return (
        _id(uid),
        start.isoformat(),
        end.isoformat(),
        False,
        status,
        recurrence_id.isoformat() if moved else None,
    )


def _add_duration(start, duration, tzid):
    """DURATION: days and weeks are nominal (local days), the rest exact (RFC 5545 3.3.6)."""
    days = duration.days
    seconds = duration.seconds
    if tzid is None:
        return as_utc(start) + duration
    local = zones.local(tzid, as_utc(start)) + datetime.timedelta(days=days)
    return zones.instant(tzid, local) + datetime.timedelta(seconds=seconds)


# ---------------------------------------------------------------------------------------------
# recurring-ical-events


def rie_occurrences(path, bounds):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    masters, overrides = {}, {}
    for component in calendar.walk("VEVENT"):
        uid = str(component["UID"])
        if "RECURRENCE-ID" in component:
            overrides[(uid, _time_key(component["RECURRENCE-ID"].dt))] = component
        else:
            masters[uid] = component
    w_start, w_end, first_day, end_day = bounds
    # Not `recurring_ical_events.of`: it applies X-WR-TIMEZONE to UTC times first (the
    # x-wr-timezone package), so a series written in UTC would recur in the site's wall-clock time.
    # RFC 5545 has no X-WR-TIMEZONE; a UTC DTSTART recurs in UTC.
    query = recurring_ical_events.CalendarQuery(calendar, keep_recurrence_attributes=True)
    # recurring-ical-events 3.8 also removes the instances whose UTC time equals an EXDATE's
    # local time (and the other way round): a Sydney series FREQ=HOURLY with
    # EXDATE;TZID=Australia/Sydney:20250503T033000 loses 03:30 local and 03:30 UTC. Only
    # series that recur more than once a day can have both; those with EXDATE or RECURRENCE-ID
    # are left out of its comparison (ical.js and events.json still check them).
    departs = {}
    for uid, master in masters.items():
        rule = master.get("RRULE")
        sub_daily = rule is not None and rule.get("FREQ", [""])[0] in ("HOURLY", "MINUTELY", "SECONDLY")
        changed = "EXDATE" in master or any(key[0] == uid for key in overrides)
        if sub_daily and changed:
            departs[uid] = "recurring-ical-events matches EXDATE and RECURRENCE-ID also as UTC"
    found = []
    for occurrence in query.between(w_start - 3 * DAY, w_end + 3 * DAY):
        uid = str(occurrence["UID"])
        if uid in departs:
            continue
        start = occurrence["DTSTART"].dt
        all_day = not isinstance(start, datetime.datetime)
        rid = occurrence["RECURRENCE-ID"].dt if "RECURRENCE-ID" in occurrence else None
        override = overrides.get((uid, _time_key(rid))) if rid is not None else None
        status = str(occurrence.get("STATUS", "CONFIRMED")).lower()
        if override is not None:
            # A changed instance keeps its own end.
            end = _end_of(override, start)
            recurrence_id = rid if all_day else as_utc(rid)
        else:
            # recurring-ical-events adds the series' length in wall-clock time (a 23:00 + 4 h
            # event that crosses the autumn change ends at 03:00 local, 5 h later). RFC 5545
            # 3.8.5.3: with DTEND "the same exact duration will apply to all the members".
            end = _series_end(masters[uid], start)
            recurrence_id = None
        if all_day:
            key_start = start
        else:
            key_start = as_utc(start)
        if not in_window(all_day, key_start, end, bounds, _tzid(start) or "UTC"):
            continue
        found.append(occurrence_key(uid, all_day, key_start, end, status, recurrence_id))
    return sorted(found), departs


def _time_key(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return as_utc(value) if value.tzinfo else value
    return value


def _tzid(value):
    zone = getattr(value, "tzinfo", None)
    return getattr(zone, "key", None)


def _series_end(master, start):
    dtstart = master["DTSTART"].dt
    if not isinstance(start, datetime.datetime):
        if "DTEND" in master:
            return start + (master["DTEND"].dt - dtstart)
        if "DURATION" in master:
            return start + datetime.timedelta(days=master["DURATION"].dt.days)
        return start + DAY
    if "DTEND" in master:
        return as_utc(start) + (as_utc(master["DTEND"].dt) - as_utc(dtstart))
    if "DURATION" in master:
        return _add_duration(start, master["DURATION"].dt, _tzid(start))
    return as_utc(start)


def _end_of(component, start):
    if "DTEND" in component:
        end = component["DTEND"].dt
        return end if not isinstance(end, datetime.datetime) else as_utc(end)
    return _series_end(component, start)


# ---------------------------------------------------------------------------------------------
# ical.js


class IcalJs:
    """One Node process per worker, fed a file at a time."""

    def __init__(self):
        here = os.path.dirname(os.path.abspath(__file__))
        self.process = subprocess.Popen(
            [os.environ.get("TREFFPUNKT_NODE", "node"), os.path.join(here, "icaljs_expand.mjs")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, TZ="UTC"),
        )

    def occurrences(self, path, bounds):
        w_start, w_end, first_day, end_day = bounds
        request = {"path": str(path), "from": int(w_start.timestamp()), "until": int(w_end.timestamp())}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        # A file that makes ical.js loop forever is a finding, not a hang of the test.
        ready, _, _ = select.select([self.process.stdout], [], [], 120)
        if not ready:
            self.process.kill()
            self.process.wait()
            self.__init__()
            raise RuntimeError(f"ical.js did not finish {path.name} within 120 s")
        answer = json.loads(self.process.stdout.readline())
        if answer["error"]:
            raise RuntimeError(f"ical.js could not read {path.name}: {answer['error']}")
        departs = self.departures(answer["rules"])
        found = []
        for o in answer["occurrences"]:
            if o["uid"] in departs:
                continue
            if o["all_day"]:
                start = datetime.date.fromisoformat(o["start"])
                end = datetime.date.fromisoformat(o["end"])
                rid = datetime.date.fromisoformat(o["recurrence_id"]) if o["recurrence_id"] else None
            else:
                start = datetime.datetime.fromtimestamp(o["start"], UTC)
                end = datetime.datetime.fromtimestamp(o["end"], UTC)
                rid = datetime.datetime.fromtimestamp(o["recurrence_id"], UTC) if o["recurrence_id"] is not None else None
            if in_window(o["all_day"], start, end, bounds, o["tzid"]):
                found.append(occurrence_key(o["uid"], o["all_day"], start, end, o["status"], rid))
        return sorted(found), departs

    @staticmethod
    def departures(rules):
        """The series whose rule ical.js itself expands unlike RFC 5545, with the evidence: its
        first local times against python-dateutil's for the same RRULE and DTSTART. ical.js 2.2.1
        misreads, for example, a negative BYWEEKNO (FREQ=YEARLY;BYWEEKNO=-12;BYDAY=SA gives every
        Saturday after the first) and a negative ordinal BYDAY with a BYMONTH that skips months
        (FREQ=MONTHLY;BYDAY=-4MO,-4FR;BYMONTH=4,5,8,11 returns to its first date). Such series
        are left out of the ical.js comparison; recurring-ical-events still checks them."""
        departs = {}
        for uid, check in rules.items():
            if "defect" in check:
                departs[uid] = check["defect"]
                continue
            if "T" in check["dtstart"]:
                start = datetime.datetime.fromisoformat(check["dtstart"])
            else:
                start = datetime.datetime.combine(datetime.date.fromisoformat(check["dtstart"]), datetime.time())
            horizon = start.replace(year=min(start.year + 60, 9999), month=1, day=1)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expansion = dateutil_rrule.rrulestr(check["rule"], dtstart=start).replace(until=horizon)
                expected = []
                for value in expansion:
                    if len(expected) >= 40:
                        break
                    expected.append(value.isoformat() if "T" in check["dtstart"] else value.date().isoformat())
            if expected != check["first"]:
                departs[uid] = (check["rule"], check["first"][:4], expected[:4])
        return departs

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


# ---------------------------------------------------------------------------------------------
# VTIMEZONE evaluation


class Component:
    """A component of an .ics file: its properties as (name, params, value) and its children."""

    def __init__(self, name):
        self.name = name
        self.properties = []
        self.children = []

    def get(self, name):
        return [(params, value) for n, params, value in self.properties if n == name]

    def first(self, name):
        found = self.get(name)
        return found[0] if found else (None, None)

    def walk(self, name):
        for child in self.children:
            if child.name == name:
                yield child
            yield from child.walk(name)


def parse_ics(text):
    """A small reader of RFC 5545 content lines (unfolding, NAME;PARAM=V:VALUE), enough for the
    times and zones; faster than icalendar for the many files of a site."""
    lines = text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")
    root = Component("ROOT")
    stack = [root]
    for line in lines:
        if not line:
            continue
        head, _, value = line.partition(":")
        name, *raw_params = head.split(";")
        params = dict(p.split("=", 1) for p in raw_params if "=" in p)
        name = name.upper()
        if name == "BEGIN":
            child = Component(value.upper())
            stack[-1].children.append(child)
            stack.append(child)
        elif name == "END":
            stack.pop()
        else:
            stack[-1].properties.append((name, params, value))
    return root


def parse_time(params, value):
    """(kind, value): ('date', date), ('utc', aware datetime) or ('local', naive datetime)."""
    if params.get("VALUE") == "DATE" or len(value) == 8:
        return "date", datetime.datetime.strptime(value, "%Y%m%d").date()
    if value.endswith("Z"):
        return "utc", datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return "local", datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")


def parse_offset(value):
    sign = -1 if value.startswith("-") else 1
    digits = value.lstrip("+-")
    seconds = int(digits[0:2]) * 3600 + int(digits[2:4]) * 60 + (int(digits[4:6]) if len(digits) > 4 else 0)
    return datetime.timedelta(seconds=sign * seconds)


def observance_onsets(vtimezone, horizon_year):
    """[(onset instant, offset after)] of every STANDARD/DAYLIGHT observance up to the horizon,
    sorted: DTSTART (a local time in TZOFFSETFROM), its RRULE and its RDATEs (RFC 5545 3.6.5)."""
    onsets = []
    horizon = datetime.datetime(horizon_year + 1, 1, 1)
    for observance in vtimezone.children:
        if observance.name not in ("STANDARD", "DAYLIGHT"):
            continue
        start = parse_time(*observance.first("DTSTART"))[1]
        before = parse_offset(observance.first("TZOFFSETFROM")[1])
        after = parse_offset(observance.first("TZOFFSETTO")[1])
        locals_ = [start]
        for _, rule in observance.get("RRULE"):
            parts = dict(part.split("=", 1) for part in rule.split(";"))
            limit = horizon
            if "UNTIL" in parts:
                kind, end = parse_time({}, parts["UNTIL"])
                if kind == "utc":
                    # UNTIL of an observance is UTC; its onsets are local times in TZOFFSETFROM.
                    end = (end + before).replace(tzinfo=None)
                elif kind == "date":
                    end = datetime.datetime.combine(end, datetime.time(23, 59, 59))
                limit = min(limit, end)
            text = ";".join(f"{k}={v}" for k, v in parts.items() if k != "UNTIL")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                locals_ += list(dateutil_rrule.rrulestr(text, dtstart=start).replace(until=limit))
        for params, value in observance.get("RDATE"):
            for item in value.split(","):
                locals_.append(parse_time(params, item)[1])
        for local in set(locals_):
            onsets.append(((local - before).replace(tzinfo=UTC), after))
    return sorted(onsets)


def offset_at(onsets, moment):
    result = None
    for at, after in onsets:
        if at <= moment:
            result = after
        else:
            break
    return result


def used_instants(calendar, tzid):
    """The instants a file writes with this TZID, the last instant of its series, and whether a
    series in it never ends."""
    instants = []
    open_ended = False
    for event in calendar.walk("VEVENT"):
        params, value = event.first("DTSTART")
        if params.get("TZID") != tzid:
            continue
        start = parse_time(params, value)[1]
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE"):
            for params, value in event.get(name):
                for item in value.split(","):
                    kind, moment = parse_time(params, item)
                    if kind == "local":
                        moment = zones.instant(params.get("TZID", tzid), moment)
                    if kind != "date":
                        instants.append(moment)
        for _, rule in event.get("RRULE"):
            parts = dict(part.split("=", 1) for part in rule.split(";"))
            if "UNTIL" in parts:
                kind, until = parse_time({}, parts["UNTIL"])
                if kind == "utc":
                    instants.append(until)
                elif kind == "local":
                    instants.append(zones.instant(tzid, until))
            elif "COUNT" in parts:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    all_ = list(dateutil_rrule.rrulestr(rule, dtstart=start))
                if all_:
                    instants.append(zones.instant(tzid, all_[-1]))
            else:
                open_ended = True
    return instants, open_ended


def vtimezone_problems(path, bounds, years_beyond=10):
    """Every VTIMEZONE of the file against zoneinfo: at each instant the file uses, at both sides
    of every transition of the years from the earliest of them to the latest (and, for a series
    without end, `years_beyond` years past the window), and twice a year in between."""
    calendar = parse_ics(path.read_text(encoding="utf-8"))
    problems = []
    for vtimezone in calendar.walk("VTIMEZONE"):
        tzid = vtimezone.first("TZID")[1]
        instants, open_ended = used_instants(calendar, tzid)
        if not instants:
            continue
        first_year = min(instants).year
        last_year = max(instants).year
        if open_ended:
            last_year = max(last_year, bounds[1].year + years_beyond)
        onsets = observance_onsets(vtimezone, last_year + 1)
        checks = set(instants)
        for year in range(first_year, last_year + 1):
            for at in zones.transitions(tzid, year):
                checks.add(at)
                checks.add(at - datetime.timedelta(seconds=1))
            checks.add(datetime.datetime(year, 1, 15, 12, tzinfo=UTC))
            checks.add(datetime.datetime(year, 7, 15, 12, tzinfo=UTC))
        wrong = []
        for moment in sorted(checks):
            got = offset_at(onsets, moment)
            want = zones.offset(tzid, moment)
            if got != want:
                wrong.append((moment, got, want))
        if wrong:
            moment, got, want = wrong[0]
            said = "no observance yet" if got is None else _fmt(got)
            problems.append(
                f"{path.name}: VTIMEZONE {tzid} is wrong at {len(wrong)} of {len(checks)} instants checked "
                f"({first_year}–{last_year}{', a series without end' if open_ended else ''}); first at "
                f"{moment.isoformat()}: it says {said}, the tz database {_fmt(want)}"
            )
    return problems


def _fmt(delta):
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02}{abs(minutes) % 60:02}"
