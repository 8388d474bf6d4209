"""The tz database as Python's zoneinfo reads it: wall-clock times to instants (RFC 5545 3.3.5)
and the instants at which a zone's offset changes. Shared by the generator, the oracle and the
VTIMEZONE evaluator; nothing here comes from Treffpunkt."""

import datetime
import functools
import zoneinfo

UTC = datetime.timezone.utc
ZONES = [
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
]


@functools.lru_cache(maxsize=None)
def zone(name):
    return zoneinfo.ZoneInfo(name)


def instant(name, local):
    """The UTC instant of a wall-clock time. RFC 5545 3.3.5: a time the clocks skip is read with
    the offset before the gap (02:30 on the spring change is 03:30 after it); a time that occurs
    twice is the first of the two. zoneinfo's fold=0 is exactly that (PEP 495)."""
    return local.replace(tzinfo=zone(name), fold=0).astimezone(UTC)


def offset(name, moment):
    """The zone's UTC offset at a UTC instant."""
    return moment.astimezone(zone(name)).utcoffset()


def local(name, moment):
    """The wall-clock time of a UTC instant, naive."""
    return moment.astimezone(zone(name)).replace(tzinfo=None)


@functools.lru_cache(maxsize=None)
def transitions(name, year):
    """Every instant in `year` (UTC) at which the zone's offset changes, found a day at a time and
    narrowed to the second by bisection."""
    found = []
    cursor = datetime.datetime(year, 1, 1, tzinfo=UTC)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=UTC)
    current = offset(name, cursor)
    while cursor < end:
        later = cursor + datetime.timedelta(days=1)
        if offset(name, later) == current:
            cursor = later
            continue
        low, high = 0, 86400
        while high - low > 1:
            middle = (low + high) // 2
            if offset(name, cursor + datetime.timedelta(seconds=middle)) == current:
                low = middle
            else:
                high = middle
        at = cursor + datetime.timedelta(seconds=high)
        found.append(at)
        cursor = at
        current = offset(name, at)
    return tuple(found)


def gaps_and_folds(name, year):
    """(kind, local day, local time inside) for each transition of a year: 'gap' when clocks jump
    forward (the time does not exist), 'fold' when they fall back (it exists twice)."""
    result = []
    for at in transitions(name, year):
        before = offset(name, at - datetime.timedelta(seconds=1))
        after = offset(name, at)
        old_local = (at + before).replace(tzinfo=None)
        if after > before:
            # Local times in [old_local, old_local + jump) do not exist.
            inside = old_local + (after - before) / 2
            result.append(("gap", inside))
        elif after < before:
            # Local times in [old_local - fall, old_local) happen twice.
            inside = old_local - (before - after) / 2
            result.append(("fold", inside))
    return result
