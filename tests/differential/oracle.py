"""Our own reading of RFC 5545 for the event format of Treffpunkt's README: python-dateutil's rrule
expands each series in local wall-clock time (3.3.10: the rule recurs in DTSTART's time zone),
zoneinfo turns each local time into an instant, and the rest is written out here:

- a local time that does not exist (a DST gap) is read with the offset before the gap, so only that
  instance moves (3.3.5); a time that exists twice (a fold) is the first of the two;
- COUNT counts the rule's local times; instances that become the same instant count once (3.8.5.3:
  "only one recurrence is considered");
- UNTIL is inclusive (3.3.10); a date UNTIL on a timed series means "through that local day" (the
  README);
- an occurrence lasts exactly as long as the first one (3.8.5.3: with DTEND "the same exact
  duration will apply to all the members"); `duration` is exact time (2h is 7200 s, 1d is 86400 s);
  all-day occurrences last whole days;
- `except` removes, `changes` moves, cancels or relocates one occurrence named by the rule's own
  local time (a gap instance may also be named by the time it moved to);
- the calendar window is whole months of local days: an occurrence is in it when a day it touches
  in its own zone (all-day: one of its dates) lies between the first day of the first month and
  the last day of the last month.

Nothing here calls or imitates Treffpunkt's code."""

import datetime
import warnings

from dateutil import rrule as dateutil_rrule

import zones

DAY = datetime.timedelta(days=1)


def window(site):
    """(start instant, end instant, first day, end day): whole months around the build's month in
    the site's zone, end exclusive."""
    now = datetime.datetime.fromtimestamp(site["epoch"], zones.UTC)
    today = zones.local(site["zone"], now).date()
    month_index = today.year * 12 + today.month - 1
    first = month_index - site["months_back"]
    after = month_index + site["months_ahead"] + 1
    first_day = datetime.date(first // 12, first % 12 + 1, 1)
    end_day = datetime.date(after // 12, after % 12 + 1, 1)
    midnight = datetime.time(0, 0)
    return (
        zones.instant(site["zone"], datetime.datetime.combine(first_day, midnight)),
        zones.instant(site["zone"], datetime.datetime.combine(end_day, midnight)),
        first_day,
        end_day,
    )


def rule_text(parts, without=()):
    return ";".join(f"{key}={value}" for key, value in parts if key not in without)


def until_of(event):
    for key, value in event["rule"] or []:
        if key == "UNTIL":
            if value.endswith("Z"):
                moment = datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ")
                return ("utc", moment.replace(tzinfo=zones.UTC))
            return ("date", datetime.datetime.strptime(value, "%Y%m%d").date())
    return None


def local_times(event, bound):
    """The rule's local start times, in order, up to the naive local time `bound`."""
    start = event["start"]
    if not event["rule"]:
        return [start] if start <= bound else []
    until = until_of(event)
    limit = bound
    if until is not None:
        if until[0] == "date":
            limit = min(limit, datetime.datetime.combine(until[1], datetime.time(23, 59, 59)))
        else:
            limit = min(limit, until[1].replace(tzinfo=None) + 2 * DAY)
    result = list(_expansion(event, limit))
    if until is not None and until[0] == "utc":
        result = [t for t in result if zones.instant(event["zone"], t) <= until[1]]
    return result


def _expansion(event, limit):
    text = rule_text(event["rule"], without=("UNTIL",))
    with warnings.catch_warnings():
        # COUNT with an `until` bound is deprecated in dateutil; here the bound only stops the
        # iteration at the end of what is compared.
        warnings.simplefilter("ignore")
        return dateutil_rrule.rrulestr(text, dtstart=event["start"]).replace(until=limit)


def first_local(event, limit):
    """The rule's first local time up to `limit`, or None (ignoring COUNT and UNTIL)."""
    probe = dict(event, rule=[p for p in event["rule"] if p[0] not in ("UNTIL", "COUNT")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return next(iter(_expansion(probe, limit)), None)


def series_is_small(event, site, cap=20000):
    """Whether the series has fewer than `cap` local times before the window ends (to keep a run
    quick; long daily series from decades ago are still drawn)."""
    if not event["rule"]:
        return True
    bound = zones.local(event["zone"], window(site)[1]) + 2 * DAY
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for count, _ in enumerate(_expansion(event, bound)):
            if count >= cap:
                return False
    return True


def exact_length(event, start_local, length):
    """The exact length of an occurrence starting at `start_local` (timed) as a timedelta, or the
    number of days (all-day)."""
    kind = length["kind"]
    if event["all_day"]:
        if kind == "default":
            return 1
        if kind == "days":
            return length["days"]
        return (length["day"] - start_local.date()).days + 1
    if kind == "default":
        return datetime.timedelta(hours=2)
    if kind == "duration":
        return length["delta"]
    if kind == "end":
        end_local = length["local"]
    else:
        end_local = datetime.datetime.combine(start_local.date(), length["time"])
    return zones.instant(event["zone"], end_local) - zones.instant(event["zone"], start_local)


def base_starts(event, bound):
    """The series' local start times with instants that coincide counted once."""
    seen = set()
    result = []
    for t in local_times(event, bound):
        key = t.date() if event["all_day"] else zones.instant(event["zone"], t)
        if key in seen:
            continue
        seen.add(key)
        result.append(t)
    return result


def occurrences(site, event, bound=None):
    """Every occurrence of the event that overlaps the window, as comparable tuples:
    (id, start, end, all_day, status, original start if moved)."""
    w_start, w_end, first_day, end_day = window(site)
    if bound is None:
        bound = zones.local(event["zone"], w_end) + 2 * DAY
        for named in [e["original"] for e in event["except"]] + [
            c["original"] for c in event["changes"]
        ]:
            bound = max(bound, named + 2 * DAY)
    zone = event["zone"]
    series_length = exact_length(event, event["start"], event["length"])
    excluded = {e["original"] for e in event["except"]}
    changes = {c["original"]: c for c in event["changes"]}
    result = []
    for original in base_starts(event, bound):
        if original in excluded:
            continue
        change = changes.get(original)
        start = original
        length = series_length
        status = event["status"]
        if change is not None:
            if change.get("start") is not None:
                start = change["start"]
            if change.get("length") is not None:
                length = exact_length(event, start, change["length"])
            status = change.get("status") or status
        if event["all_day"]:
            begin, finish = start.date(), start.date() + length * DAY
            listed = begin < end_day and finish > first_day
            moved = start.date() != original.date()
            original_key = original.date().isoformat() if moved else None
            key = (event["id"], begin.isoformat(), finish.isoformat(), True, status, original_key)
        else:
            begin = zones.instant(zone, start)
            finish = begin + length
            # The README: an occurrence is in the window when a day it touches in its own zone
            # is one of the window's days (so a Sydney evening on the first day is there, even
            # when that is still the day before in the site's zone).
            first_touched = zones.local(zone, begin).date()
            last_touched = zones.local(zone, finish - datetime.timedelta(seconds=1)).date()
            listed = first_touched < end_day and last_touched >= first_day
            original_instant = zones.instant(zone, original)
            moved = begin != original_instant
            original_key = original_instant.isoformat() if moved else None
            key = (event["id"], begin.isoformat(), finish.isoformat(), False, status, original_key)
        if listed:
            result.append(key)
    return result


def site_occurrences(site):
    return sorted(o for event in site["events"] if not event.get("invalid") for o in occurrences(site, event))
