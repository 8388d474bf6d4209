"""Random event sites from a seed: events in the README's format (start, end or duration,
timezone, repeat, except, changes, status) with RFC 5545 rules of every kind, and in some sites one
event that RFC 5545 or the README forbids, which the build must refuse with a located error.

Everything is drawn from `random.Random(f"{seed}:{site}")`, so a seed and a site number give the
same site on every machine."""

import datetime
import random

import oracle
import zones

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY = datetime.timedelta(days=1)


def build_epoch(seed):
    """The build time of every site of a seed: somewhere in 2025–2028, to the second."""
    rng = random.Random(f"{seed}:epoch")
    start = datetime.datetime(2025, 1, 1, tzinfo=zones.UTC).timestamp()
    return int(start + rng.randrange(4 * 365 * 86400))


def site(seed, number):
    rng = random.Random(f"{seed}:{number}")
    spec = {
        "seed": seed,
        "number": number,
        "epoch": build_epoch(seed),
        "zone": rng.choice(zones.ZONES),
        "months_back": rng.randint(0, 4),
        "months_ahead": rng.randint(0, 14),
        "events": [],
    }
    count = rng.randint(3, 6)
    invalid_at = rng.randrange(count) if rng.random() < 0.15 else None
    for index in range(count):
        event = None
        for _ in range(50):
            event = valid_event(rng, spec, f"e{index}")
            if event is not None:
                break
        if index == invalid_at:
            event = make_invalid(rng, spec, event)
        spec["events"].append(event)
    return spec


# ---------------------------------------------------------------------------------------------
# Valid events


def pick_day(rng, spec):
    w_start, w_end, first_day, end_day = oracle.window(spec)
    roll = rng.random()
    if roll < 0.65:
        low, high = first_day - 60 * DAY, end_day + 30 * DAY
    elif roll < 0.8:
        low, high = datetime.date(1970, 1, 1), datetime.date(2015, 12, 31)
    elif roll < 0.9:
        low, high = end_day, end_day + 3650 * DAY
    else:
        # Near an edge of the window, where local days and UTC days differ.
        edge = rng.choice([first_day, end_day])
        low, high = edge - 3 * DAY, edge + 3 * DAY
    return low + rng.randrange((high - low).days + 1) * DAY


def pick_start(rng, spec, zone, all_day):
    day = pick_day(rng, spec)
    if all_day:
        return datetime.datetime.combine(day, datetime.time(0, 0))
    roll = rng.random()
    if roll < 0.25 and zone not in ("UTC", "Asia/Kolkata"):
        year = rng.choice([day.year, day.year, 2026, 2027])
        wanted = "gap" if roll < 0.13 else "fold"
        candidates = [t for kind, t in zones.gaps_and_folds(zone, year) if kind == wanted]
        if candidates:
            moment = rng.choice(candidates)
            return moment.replace(minute=(moment.minute // 15) * 15, second=0, microsecond=0)
    if roll < 0.35:
        return datetime.datetime.combine(day, datetime.time(0, 0))
    return datetime.datetime.combine(day, datetime.time(rng.randrange(24), rng.choice([0, 15, 30, 45])))


def pick_length(rng, start, all_day):
    roll = rng.random()
    if all_day:
        if roll < 0.4:
            return {"kind": "default"}
        days = rng.choice([1, 2, 3, 5])
        if roll < 0.7:
            return {"kind": "days", "days": days, "text": f"{days}d"}
        return {"kind": "end_day", "day": start.date() + (days - 1) * DAY}
    if roll < 0.2:
        return {"kind": "default"}
    if roll < 0.6:
        text = rng.choice(["30m", "1h", "90m", "2h30m", "4h", "1d", "1d6h", "3d", "45m", "10h"])
        return {"kind": "duration", "text": text, "delta": parse_duration(text)}
    if roll < 0.8:
        later = [
            datetime.time(h, m)
            for h in range(start.hour, 24)
            for m in (0, 30)
            if datetime.time(h, m) > start.time()
        ]
        if later:
            return {"kind": "end_time", "time": rng.choice(later)}
    # A local end on a later (or the same) day.
    end = start + datetime.timedelta(minutes=rng.choice([60, 150, 240, 600, 1500, 2940]))
    return {"kind": "end", "local": end}


def parse_duration(text):
    total, number = datetime.timedelta(), ""
    for c in text:
        if c.isdigit():
            number += c
            continue
        unit = {"d": "days", "h": "hours", "m": "minutes"}[c]
        total += datetime.timedelta(**{unit: int(number)})
        number = ""
    return total


def ordinal(rng, limit):
    n = rng.randint(1, limit)
    return f"{'-' if rng.random() < 0.35 else ''}{n}"


def ordinals(rng, limit, most):
    """Up to `most` distinct values of ±1..limit, comma-separated."""
    values = []
    for _ in range(rng.randint(1, most)):
        value = ordinal(rng, limit)
        if value not in values:
            values.append(value)
    return ",".join(values)


def pick_rule(rng, all_day, start):
    """A rule that RFC 5545 allows for this start (table in 3.3.10)."""
    freqs = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
    weights = [3, 4, 4, 3]
    if not all_day:
        freqs += ["HOURLY", "MINUTELY", "SECONDLY"]
        weights += [1, 0.3, 0.2]
    freq = rng.choices(freqs, weights)[0]
    parts = [("FREQ", freq)]
    if rng.random() < 0.3:
        parts.append(("INTERVAL", str(rng.choice([2, 2, 3, 4]))))
    sub_daily = freq in ("HOURLY", "MINUTELY", "SECONDLY")
    by = []
    if freq == "YEARLY":
        roll = rng.random()
        if roll < 0.2:
            # With a BYDAY: implementations disagree on which days BYWEEKNO alone gives.
            by.append(("BYWEEKNO", ordinals(rng, 53, 2)))
            by.append(("BYDAY", ",".join(rng.sample(WEEKDAYS, rng.randint(1, 2)))))
        elif roll < 0.35:
            by.append(("BYYEARDAY", ordinals(rng, 366, 2)))
        elif roll < 0.6:
            by.append(("BYMONTH", ",".join(str(m) for m in sorted(rng.sample(range(1, 13), rng.randint(1, 3))))))
            if rng.random() < 0.6:
                by.append(("BYDAY", f"{ordinal(rng, 5)}{rng.choice(WEEKDAYS)}"))
            elif rng.random() < 0.5:
                by.append(("BYMONTHDAY", ordinal(rng, 31)))
        elif roll < 0.75:
            by.append(("BYDAY", f"{ordinal(rng, 53)}{rng.choice(WEEKDAYS)}"))
    elif freq == "MONTHLY":
        roll = rng.random()
        if roll < 0.35:
            by.append(("BYDAY", ",".join(f"{ordinal(rng, 5 if rng.random() < 0.2 else 4)}{d}" for d in rng.sample(WEEKDAYS, rng.randint(1, 2)))))
        elif roll < 0.6:
            by.append(("BYMONTHDAY", ordinals(rng, 31, 2)))
        elif roll < 0.75:
            by.append(("BYDAY", ",".join(rng.sample(WEEKDAYS, rng.randint(2, 5)))))
            by.append(("BYSETPOS", ordinal(rng, 2)))
        if rng.random() < 0.15:
            by.append(("BYMONTH", ",".join(str(m) for m in sorted(rng.sample(range(1, 13), rng.randint(2, 6))))))
    elif freq == "WEEKLY":
        if rng.random() < 0.6:
            by.append(("BYDAY", ",".join(rng.sample(WEEKDAYS, rng.randint(1, 3)))))
        if rng.random() < 0.3:
            parts.append(("WKST", rng.choice(WEEKDAYS)))
        if rng.random() < 0.1:
            by.append(("BYMONTH", ",".join(str(m) for m in sorted(rng.sample(range(1, 13), rng.randint(3, 8))))))
    elif freq == "DAILY":
        roll = rng.random()
        if roll < 0.2:
            by.append(("BYDAY", ",".join(rng.sample(WEEKDAYS, rng.randint(2, 5)))))
        elif roll < 0.3:
            by.append(("BYMONTHDAY", ordinals(rng, 28, 3)))
        elif roll < 0.38 and not all_day:
            # Two hours a day: on the spring change both can land on the same instant.
            hour = start.hour
            by.append(("BYHOUR", f"{hour},{(hour + 1) % 24}"))
    elif sub_daily and rng.random() < 0.3:
        by.append(("BYDAY", ",".join(rng.sample(WEEKDAYS, rng.randint(3, 6)))))
    parts += by
    # How it ends.
    roll = rng.random()
    if sub_daily or roll < 0.4:
        parts.append(("COUNT", str(rng.randint(1, 40 if sub_daily else 30))))
    elif roll < 0.62:
        until = start.date() + rng.randint(0, 900) * DAY
        parts.append(("UNTIL", until.strftime("%Y%m%d")))
    elif roll < 0.75 and not all_day:
        until = zones.instant("UTC", start) + datetime.timedelta(hours=rng.randint(0, 900 * 24))
        parts.append(("UNTIL", until.strftime("%Y%m%dT%H%M%SZ")))
    if rng.random() < 0.3:
        rng.shuffle(parts)
    return parts


def valid_event(rng, spec, event_id):
    zone = rng.choice(zones.ZONES + [spec["zone"]] * 2)
    all_day = rng.random() < 0.22
    start = pick_start(rng, spec, zone, all_day)
    event = {
        "id": event_id,
        "title": f"Termin {event_id}",
        "zone": zone,
        "all_day": all_day,
        "start": start,
        "length": pick_length(rng, start, all_day),
        "rule": pick_rule(rng, all_day, start) if rng.random() < 0.85 else None,
        "except": [],
        "changes": [],
        "status": rng.choices(["confirmed", "tentative", "cancelled"], [0.85, 0.1, 0.05])[0],
        "write_zone": zone != spec["zone"] or rng.random() < 0.3,
        "invalid": None,
    }
    if not event["all_day"] and oracle.exact_length(event, start, event["length"]) <= datetime.timedelta(0):
        # An end in a gap or fold can come before the start it was drawn after.
        return None
    if event["rule"]:
        # RFC 5545 leaves a start that is not an occurrence of its rule undefined; the README's
        # start is "the first occurrence". Start at the rule's first occurrence from here on.
        first = oracle.first_local(event, start + 30 * 366 * DAY)
        if first is None:
            return None
        shift = first - start
        event["start"] = first
        if event["length"]["kind"] == "end":
            event["length"]["local"] += shift
        elif event["length"]["kind"] == "end_day":
            event["length"]["day"] += shift.days * DAY
        until = oracle.until_of(event)
        if until and until[0] == "date" and until[1] < event["start"].date():
            return None
        if until and until[0] == "utc" and until[1] < zones.instant(zone, event["start"]):
            return None
        if oracle.first_local(event, event["start"] + 30 * 366 * DAY) != event["start"]:
            return None
        if not weeks_are_iso(event):
            return None
        if not oracle.series_is_small(event, spec):
            return None
        add_except_and_changes(rng, spec, event)
    return event


def weeks_are_iso(event):
    """python-dateutil 2.9 counts 53 weeks in some years that have 52 (2038: it gives
    BYWEEKNO=53 a 2039-01-02), so a BYWEEKNO series is drawn only when every date dateutil gives
    for it lies in a listed ISO week (RFC 5545's weeks with the default WKST=MO)."""
    parts = dict(event["rule"])
    if "BYWEEKNO" not in parts:
        return True
    wanted = [int(v) for v in parts["BYWEEKNO"].split(",")]
    for t in oracle.local_times(event, event["start"] + 60 * 366 * DAY)[:60]:
        year, week, _ = t.date().isocalendar()
        weeks_in_year = datetime.date(year, 12, 28).isocalendar()[1]
        if week not in wanted and week - weeks_in_year - 1 not in wanted:
            return False
    return True


def occurrence_pool(spec, event):
    """The series' local starts near the window (where `except` and `changes` show)."""
    w_start, w_end, first_day, end_day = oracle.window(spec)
    bound = zones.local(event["zone"], w_end) + 400 * DAY
    starts = oracle.base_starts(event, bound)
    near = [t for t in starts if first_day - 40 * DAY <= t.date() <= end_day + 40 * DAY]
    return starts, (near if near and len(starts) > 1 else starts)


def written(event, original, starts, shifted=False):
    """How an author names an occurrence: its date, or its date and time when the day has several
    (or sometimes anyway). A gap instance may be named by the time it moved to."""
    if event["all_day"]:
        return original.strftime("%Y-%m-%d")
    same_day = sum(1 for t in starts if t.date() == original.date())
    if same_day > 1 or shifted:
        when = original
        if shifted:
            when = zones.local(event["zone"], zones.instant(event["zone"], original))
        return when.strftime("%Y-%m-%d %H:%M")
    return original.strftime("%Y-%m-%d")


def in_gap(event, t):
    return zones.local(event["zone"], zones.instant(event["zone"], t)) != t


def add_except_and_changes(rng, spec, event):
    starts, pool = occurrence_pool(spec, event)
    if len(starts) < 2:
        return
    # `except` and `changes` name an occurrence to the minute: leave out the ones that share
    # their minute with another (MINUTELY and SECONDLY series).
    minutes = {}
    for t in starts:
        minutes[t.replace(second=0)] = minutes.get(t.replace(second=0), 0) + 1
    pool = [t for t in pool if minutes[t.replace(second=0)] == 1]
    if not pool:
        return
    used = set()
    taken_instants = {key_of(event, t) for t in starts}
    if rng.random() < 0.4:
        for original in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
            if original in used:
                continue
            used.add(original)
            shifted = not event["all_day"] and in_gap(event, original) and rng.random() < 0.5
            event["except"].append({"original": original, "written": written(event, original, starts, shifted)})
    if rng.random() < 0.45:
        for original in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
            if original in used:
                continue
            change = {"original": original}
            kind = rng.choice(["move", "move", "cancel", "relocate", "length", "title"])
            if kind == "move":
                if event["all_day"]:
                    target = original + rng.choice([-2, -1, 1, 3, 7]) * DAY
                    change["start"] = target
                    change["start_written"] = target.strftime("%Y-%m-%d")
                elif rng.random() < 0.4:
                    target = datetime.datetime.combine(original.date(), datetime.time(rng.randrange(24), rng.choice([0, 30])))
                    change["start"] = target
                    change["start_written"] = target.strftime("%H:%M")
                else:
                    target = original + datetime.timedelta(minutes=rng.choice([-1440, -90, 60, 1440, 2 * 1440 + 30]))
                    change["start"] = target
                    change["start_written"] = target.strftime("%Y-%m-%d %H:%M")
                if key_of(event, change["start"]) in taken_instants:
                    continue
                taken_instants.add(key_of(event, change["start"]))
                if rng.random() < 0.3:
                    text = rng.choice(["1h", "3h30m", "2d"]) if not event["all_day"] else "2d"
                    change["length"] = (
                        {"kind": "days", "days": 2, "text": text}
                        if event["all_day"]
                        else {"kind": "duration", "text": text, "delta": parse_duration(text)}
                    )
            elif kind == "cancel":
                change["status"] = "cancelled"
            elif kind == "relocate":
                room = rng.randint(1, 9)
                # Odd rooms as one line, even ones as a map: both forms of `location` are read.
                change["location"] = f"Saal {room}" if room % 2 else f"{{name: Saal {room}, city: München}}"
            elif kind == "length":
                if event["all_day"]:
                    change["length"] = {"kind": "days", "days": 3, "text": "3d"}
                else:
                    change["length"] = {"kind": "duration", "text": "45m", "delta": parse_duration("45m")}
            else:
                change["title"] = f"Sondertermin {event['id']}"
            shifted = not event["all_day"] and in_gap(event, original) and rng.random() < 0.5
            change["key"] = written(event, original, starts, shifted)
            used.add(original)
            event["changes"].append(change)


def key_of(event, t):
    return t.date() if event["all_day"] else zones.instant(event["zone"], t)


# ---------------------------------------------------------------------------------------------
# Invalid events: each kind names the key the error must point at.


def make_invalid(rng, spec, event):
    """Turns a valid event into one that RFC 5545 or the README forbids."""
    event = dict(event)
    event["except"] = []
    event["changes"] = []
    start = event["start"]
    weekday = WEEKDAYS[start.weekday()]
    timed = not event["all_day"]
    kinds = [
        ("count and until", "repeat", [("FREQ", "WEEKLY"), ("COUNT", "5"), ("UNTIL", (start + 60 * DAY).strftime("%Y%m%d"))]),
        ("unknown part", "repeat", [("FREQ", "WEEKLY"), ("BYWEEKDAY", weekday)]),
        ("BYWEEKNO outside YEARLY", "repeat", [("FREQ", rng.choice(["MONTHLY", "WEEKLY", "DAILY"])), ("BYWEEKNO", "20")]),
        ("BYSETPOS alone", "repeat", [("FREQ", "MONTHLY"), ("BYSETPOS", "1")]),
        ("numbered BYDAY in WEEKLY/DAILY", "repeat", [("FREQ", rng.choice(["WEEKLY", "DAILY"])), ("BYDAY", f"2{weekday}")]),
        ("BYDAY ordinal out of range", "repeat", [("FREQ", "YEARLY"), ("BYDAY", f"{rng.choice(['0', '54', '-54', '+60'])}{weekday}")]),
        ("BYMONTHDAY out of range", "repeat", [("FREQ", "MONTHLY"), ("BYMONTHDAY", rng.choice(["0", "32", "-32"]))]),
        ("BYYEARDAY outside YEARLY", "repeat", [("FREQ", rng.choice(["MONTHLY", "WEEKLY", "DAILY"])), ("BYYEARDAY", "100")]),
        ("BYYEARDAY out of range", "repeat", [("FREQ", "YEARLY"), ("BYYEARDAY", rng.choice(["0", "367", "-367"]))]),
        ("BYMONTHDAY in WEEKLY", "repeat", [("FREQ", "WEEKLY"), ("BYMONTHDAY", str(start.day))]),
        ("BYMONTH out of range", "repeat", [("FREQ", "YEARLY"), ("BYMONTH", rng.choice(["0", "13"]))]),
        ("BYWEEKNO out of range", "repeat", [("FREQ", "YEARLY"), ("BYWEEKNO", rng.choice(["0", "54", "-54"]))]),
        ("BYSETPOS out of range", "repeat", [("FREQ", "MONTHLY"), ("BYDAY", "MO,TU"), ("BYSETPOS", rng.choice(["0", "367"]))]),
        ("INTERVAL not positive", "repeat", [("FREQ", "DAILY"), ("INTERVAL", rng.choice(["0", "-1"]))]),
        ("no FREQ", "repeat", [("INTERVAL", "2"), ("COUNT", "3")]),
        ("unknown FREQ", "repeat", [("FREQ", rng.choice(["FORTNIGHTLY", "BIWEEKLY", "SOMETIMES"]))]),
        ("part given twice", "repeat", [("FREQ", "WEEKLY"), ("BYDAY", weekday), ("BYDAY", weekday)]),
        ("FREQ given twice", "repeat", [("FREQ", "WEEKLY"), ("FREQ", "DAILY"), ("COUNT", "3")]),
        ("unknown WKST", "repeat", [("FREQ", "WEEKLY"), ("WKST", "XX")]),
        ("unknown weekday", "repeat", [("FREQ", "WEEKLY"), ("BYDAY", "MOO")]),
        ("numbered BYDAY with BYWEEKNO", "repeat", [("FREQ", "YEARLY"), ("BYWEEKNO", "20"), ("BYDAY", f"1{weekday}")]),
        ("COUNT zero", "repeat", [("FREQ", "DAILY"), ("COUNT", "0")]),
        ("UNTIL before the start", "repeat", [("FREQ", "DAILY"), ("UNTIL", (start - 10 * DAY).strftime("%Y%m%d"))]),
        ("rule yields nothing", "repeat", [("FREQ", "YEARLY"), ("BYMONTH", "2"), ("BYMONTHDAY", "30")]),
        ("start not an occurrence", "repeat start", [("FREQ", "WEEKLY"), ("BYDAY", WEEKDAYS[(start.weekday() + 2) % 7]), ("COUNT", "3")]),
        ("except not an occurrence", "except", None),
        ("change of a non-occurrence", "changes", None),
        ("change onto another occurrence", "changes", None),
    ]
    if timed:
        kinds += [
            ("BYHOUR out of range", "repeat", [("FREQ", "DAILY"), ("BYHOUR", "24")]),
            ("BYMINUTE out of range", "repeat", [("FREQ", "DAILY"), ("BYMINUTE", "60")]),
            ("end before the start", "end", None),
        ]
    else:
        kinds += [
            ("a time in changes of an all-day series", "changes", None),
            ("BYHOUR on an all-day event", "repeat", [("FREQ", "DAILY"), ("BYHOUR", "9")]),
        ]
    name, key, parts = rng.choice(kinds)
    event["invalid"] = {"kind": name, "keys": key.split()}
    if parts is not None:
        event["rule"] = parts
        return event
    event["rule"] = [("FREQ", "WEEKLY"), ("COUNT", "10")]
    if name == "except not an occurrence":
        event["except"] = [{"original": start + 3 * DAY, "written": (start + 3 * DAY).strftime("%Y-%m-%d")}]
    elif name == "change of a non-occurrence":
        event["changes"] = [{"original": start + 2 * DAY, "key": (start + 2 * DAY).strftime("%Y-%m-%d"), "status": "cancelled"}]
    elif name == "change onto another occurrence":
        target = start + 14 * DAY
        event["changes"] = [{
            "original": start + 7 * DAY,
            "key": (start + 7 * DAY).strftime("%Y-%m-%d"),
            "start": target,
            "start_written": target.strftime("%Y-%m-%d") if event["all_day"] else target.strftime("%Y-%m-%d %H:%M"),
        }]
    elif name == "end before the start":
        event["length"] = {"kind": "end", "local": start - datetime.timedelta(hours=1)}
    elif name == "a time in changes of an all-day series":
        event["changes"] = [{"original": start + 7 * DAY, "key": (start + 7 * DAY).strftime("%Y-%m-%d"), "start": None, "start_written": "19:00"}]
    return event


# ---------------------------------------------------------------------------------------------
# Writing the site


def event_yaml(event):
    """The event file, and the line of each top-level key (for located errors)."""
    lines = []
    key_lines = {}

    def put(key, text):
        key_lines[key] = len(lines) + 1
        lines.append(f"{key}: {text}")

    put("title", event["title"])
    start = event["start"]
    put("start", start.strftime("%Y-%m-%d") if event["all_day"] else start.strftime("%Y-%m-%d %H:%M"))
    length = event["length"]
    if length["kind"] in ("duration", "days"):
        put("duration", length["text"])
    elif length["kind"] == "end":
        put("end", length["local"].strftime("%Y-%m-%d %H:%M"))
    elif length["kind"] == "end_time":
        put("end", f'"{length["time"].strftime("%H:%M")}"')
    elif length["kind"] == "end_day":
        put("end", length["day"].strftime("%Y-%m-%d"))
    if event["write_zone"]:
        put("timezone", event["zone"])
    if event["status"] != "confirmed":
        put("status", event["status"])
    if event["rule"]:
        put("repeat", oracle.rule_text(event["rule"]))
    if event["except"]:
        put("except", "")
        for item in event["except"]:
            lines.append(f'  - "{item["written"]}"')
    if event["changes"]:
        put("changes", "")
        for change in event["changes"]:
            lines.append(f'  "{change["key"]}":')
            if change.get("start_written"):
                lines.append(f'    start: "{change["start_written"]}"')
            length = change.get("length")
            if length:
                lines.append(f'    duration: {length["text"]}')
            for field in ("status", "location", "title"):
                if change.get(field):
                    lines.append(f"    {field}: {change[field]}")
    key_lines["_end"] = len(lines)
    return "\n".join(lines) + "\n", key_lines


def site_toml(spec):
    return (
        'title = "Differenztest"\n'
        'base_url = "https://diff.example"\n'
        'author = "Testlauf"\n'
        f'timezone = "{spec["zone"]}"\n'
        "\n[calendar]\n"
        'path = "termine"\n'
        f'months_ahead = {spec["months_ahead"]}\n'
        f'months_back = {spec["months_back"]}\n'
    )
