"""The differential test of Treffpunkt's calendar: random event sites from a seed, each built with
`treffpunkt build`, and every occurrence compared with implementations we did not write.

    python3 tests/differential/run.py --sites 500 --seed 12345
    python3 tests/differential/run.py --seed 12345 --site 17      # one site alone, with its files

For each site (see sitegen.py) it checks:
- events.json against our own RFC 5545 oracle (oracle.py: python-dateutil + zoneinfo), occurrence
  by occurrence: start and end instants, all_day, status, and the original start of moved ones;
- every occurrence of the window is on its month page, and nothing else is;
- calendar.ics expanded by recurring-ical-events (icalendar resolves TZIDs with the tz database)
  and by Mozilla's ical.js (reading the file's own VTIMEZONE) gives the same occurrences;
- every VTIMEZONE of every .ics file agrees with the tz database (feeds.py);
- a site with an event that RFC 5545 or the README forbids fails with exit 1 and an error located
  at that event's file, line and column.

Needs python-dateutil, icalendar and recurring-ical-events (`.ci/run` installs them into
target/interop-venv) and Node with the npm package ical.js (TREFFPUNKT_ICALJS: the path of its
dist/ical.js; by default the one `.ci/run` installs into target/differential-node). It ends with a line `N passed, N failed` and exits 1 if any site failed."""

import argparse
import datetime
import json
import multiprocessing
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import feeds  # noqa: E402
import oracle  # noqa: E402
import sitegen  # noqa: E402
import zones  # noqa: E402

REPO = HERE.parent.parent
THEME = REPO / "themes" / "default"

_state = {}


def json_key(o):
    if o["all_day"]:
        original = o.get("original_start")
        return (o["id"], o["start"][:10], o["end"][:10], True, o["status"], original[:10] if original else None)

    def utc(text):
        return datetime.datetime.fromisoformat(text).astimezone(zones.UTC).isoformat()

    original = o.get("original_start")
    return (o["id"], utc(o["start"]), utc(o["end"]), False, o["status"], utc(original) if original else None)


def difference(name, expected, found, limit=6):
    """Lines saying what one side has that the other has not (multisets)."""
    remaining = list(found)
    missing = []
    for item in expected:
        if item in remaining:
            remaining.remove(item)
        else:
            missing.append(item)
    if not missing and not remaining:
        return []
    lines = [f"{name}: {len(found)} occurrences, the oracle has {len(expected)}"]
    for item in missing[:limit]:
        lines.append(f"    only in the oracle: {format_key(item)}")
    for item in remaining[:limit]:
        lines.append(f"    only in {name}:{' ' * max(1, 11 - len(name))}{format_key(item)}")
    more = len(missing) + len(remaining) - min(limit, len(missing)) - min(limit, len(remaining))
    if more > 0:
        lines.append(f"    … and {more} more")
    return lines


def format_key(key):
    event_id, start, end, all_day, status, original = key
    text = f"{event_id} {start} → {end}{' all-day' if all_day else ''} {status}"
    return text + (f" (moved from {original})" if original else "")


def month_page_items(public, bounds):
    """(month, id, start key, end key) of every occurrence listed on the month pages."""
    items = []
    first_day, end_day = bounds[2], bounds[3]
    month = first_day
    pattern = re.compile(
        # The occurrence's link: its date page (`/termine/<id>/2026-03-10/`) or its event page.
        r'<li class="occurrence [^"]*"[^>]* data-end="([^"]+)">.*?<time[^>]* datetime="([^"]+)">.*?href="[^"]*/termine/([^/"]+)/(?:\d{4}-\d{2}-\d{2}(?:-\d+)?/)?"',
        re.S,
    )
    while month < end_day:
        page = public / "termine" / f"{month.year:04}" / f"{month.month:02}" / "index.html"
        if page.exists():
            text = page.read_text(encoding="utf-8")
            listing = text.split('class="month-list"', 1)[-1]
            for end, start, event_id in pattern.findall(listing):
                items.append((month, event_id, start, end))
        else:
            items.append((month, None, None, None))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return items


def check_month_pages(spec, public, bounds, expected):
    problems = []
    items = month_page_items(public, bounds)
    missing_pages = [m for m, event_id, _, _ in items if event_id is None]
    if missing_pages:
        problems.append(f"month pages: no page for {', '.join(m.strftime('%Y-%m') for m in missing_pages[:3])}")
    zones_of = {e["id"]: e["zone"] for e in spec["events"]}

    def key(all_day, text):
        if all_day:
            return text[:10]
        return datetime.datetime.fromisoformat(text).astimezone(zones.UTC).isoformat()

    listed = {}
    for month, event_id, start, end in items:
        if event_id is None:
            continue
        all_day = len(start) >= 10 and event_id in zones_of and any(
            e["id"] == event_id and e["all_day"] for e in spec["events"]
        )
        listed.setdefault((event_id, key(all_day, start), key(all_day, end)), set()).add(month)
    first_month = bounds[2]
    lost = []
    for o in expected:
        event_id, start, end, all_day = o[0], o[1], o[2], o[3]
        if all_day:
            months = {datetime.date.fromisoformat(start).replace(day=1)}
        else:
            moment = datetime.datetime.fromisoformat(start)
            # Days are counted in the site's zone (README); the event's own zone is accepted too.
            months = {
                zones.local(spec["zone"], moment).date().replace(day=1),
                zones.local(zones_of[event_id], moment).date().replace(day=1),
            }
        months = {max(m, first_month) for m in months}
        shown = listed.get((event_id, start, end), set())
        if not shown & months:
            lost.append(o)
    for o in lost[:6]:
        problems.append(f"month pages: not on its month page: {format_key(o)}")
    expected_keys = {(o[0], o[1], o[2]) for o in expected}
    extra = [k for k in listed if k not in expected_keys]
    for k in extra[:6]:
        problems.append(f"month pages: listed but not an occurrence: {k[0]} {k[1]} → {k[2]}")
    return problems


def run_site(seed, number, binary, keep):
    spec = sitegen.site(seed, number)
    # Sites are written and removed in memory where there is /dev/shm: much faster than a disk.
    scratch = pathlib.Path("/dev/shm") if os.path.isdir("/dev/shm") and not keep else REPO / "target"
    root = scratch / "treffpunkt-differential" / f"seed-{seed}" / f"site-{number}"
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "events").mkdir(parents=True)
    # Share cards are not what this test compares, and drawing them would double its time.
    shutil.copytree(THEME, root / "themes" / "default", ignore=shutil.ignore_patterns("cards"))
    (root / "site.toml").write_text(sitegen.site_toml(spec), encoding="utf-8")
    key_lines = {}
    for event in spec["events"]:
        text, lines = sitegen.event_yaml(event)
        key_lines[event["id"]] = lines
        (root / "content" / "events" / f"{event['id']}.yaml").write_text(text, encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(spec["epoch"]), NO_COLOR="1")
    try:
        result = subprocess.run(
            [binary, "build", "--root", str(root), "--quiet"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        return spec, ["build: did not finish within 120 s"]
    problems = []
    invalid = [e for e in spec["events"] if e["invalid"]]
    if "panicked" in result.stderr or result.returncode == 101:
        problems.append(f"build panicked (exit {result.returncode}): {result.stderr.strip()[:400]}")
    elif invalid:
        problems += check_refusal(invalid[0], key_lines[invalid[0]["id"]], result)
    elif result.returncode != 0:
        problems.append(f"build failed (exit {result.returncode}): {result.stderr.strip()[:600]}")
    else:
        problems += compare(spec, root / "public")
    if not keep:
        shutil.rmtree(root)
    return spec, problems


def check_refusal(event, lines, result):
    kind = event["invalid"]["kind"]
    if result.returncode != 1:
        return [f"invalid event {event['id']} ({kind}) was not refused: exit {result.returncode}"]
    accepted = set()
    for key in event["invalid"]["keys"]:
        if key not in lines:
            continue
        begin = lines[key]
        following = [line for k, line in lines.items() if line > begin and k != "_end"]
        end = min(following) - 1 if following else lines["_end"]
        accepted.update(range(begin, end + 1))
    located = re.findall(rf"content/events/{event['id']}\.yaml:(\d+):(\d+)", result.stderr)
    if not located:
        return [f"invalid event {event['id']} ({kind}) refused without file:line:column: {result.stderr.strip()[:300]}"]
    if not any(int(line) in accepted for line, _ in located):
        return [
            f"invalid event {event['id']} ({kind}) refused at line {located[0][0]}, expected one of "
            f"{sorted(accepted)}: {result.stderr.strip()[:300]}"
        ]
    return []


def compare(spec, public):
    bounds = oracle.window(spec)
    expected = oracle.site_occurrences(spec)
    problems = []
    document = json.loads((public / "events.json").read_text(encoding="utf-8"))
    window = (
        datetime.datetime.fromisoformat(document["window"]["start"]),
        datetime.datetime.fromisoformat(document["window"]["end"]),
    )
    if window != bounds[:2]:
        problems.append(f"events.json: window {window[0]} – {window[1]}, the oracle says {bounds[0]} – {bounds[1]}")
    listed = sorted(json_key(o) for o in document["occurrences"])
    problems += difference("events.json", expected, listed)
    problems += check_month_pages(spec, public, bounds, expected)

    # The feeds: statuses and moves are compared, but a feed has no "moved from" other than a
    # RECURRENCE-ID that differs from DTSTART, which is what feeds.occurrence_key reads.
    calendar = public / "calendar.ics"
    try:
        found, departs = feeds.rie_occurrences(calendar, bounds)
        left_out = {feeds._id(uid) for uid in departs}
        problems += difference("recurring-ical-events", [o for o in expected if o[0] not in left_out], found)
    except Exception as error:  # the library's own refusal is a finding, not a crash of the test
        problems.append(f"recurring-ical-events could not expand calendar.ics: {type(error).__name__}: {error}")
    if "icaljs" not in _state:
        _state["icaljs"] = feeds.IcalJs()
    try:
        found, departs = _state["icaljs"].occurrences(calendar, bounds)
        left_out = {feeds._id(uid) for uid in departs}
        # ical.js moves a local time that the clocks skip forward and goes on from there, so on
        # the day of a spring change a series that recurs several times a day gets an instance
        # its rule does not give (BYHOUR=2,3 at :30 in Berlin: 03:30 and 04:30). Those days of
        # such series are left out of its comparison; RFC 5545 3.3.5 moves only the one instance.
        several = {e["id"]: e["zone"] for e in spec["events"] if several_a_day(e)}
        keep = lambda o: not (o[0] in several and on_change_day(several[o[0]], o[1]))
        problems += difference(
            "ical.js",
            [o for o in expected if o[0] not in left_out and keep(o)],
            [o for o in found if keep(o)],
        )
    except RuntimeError as error:
        problems.append(str(error))
    for path in sorted(public.rglob("*.ics")):
        try:
            problems += feeds.vtimezone_problems(path, bounds)
        except Exception as error:
            problems.append(f"{path.name}: VTIMEZONE could not be evaluated: {type(error).__name__}: {error}")
    return problems


def several_a_day(event):
    parts = dict(event["rule"] or [])
    return parts.get("FREQ") in ("HOURLY", "MINUTELY", "SECONDLY") or any(
        key in parts for key in ("BYHOUR", "BYMINUTE", "BYSECOND")
    )


def on_change_day(zone, start):
    """Whether a timed start falls on a local day on which the zone's offset changes."""
    if len(start) <= 10:
        return False
    day = zones.local(zone, datetime.datetime.fromisoformat(start)).date()
    return any(zones.local(zone, at).date() == day for at in zones.transitions(zone, day.year))


def worker(task):
    seed, number, binary, keep = task
    started = time.monotonic()
    try:
        spec, problems = run_site(seed, number, binary, keep)
    except Exception as error:  # a bug in the test itself must show, with its site
        import traceback

        spec, problems = None, [f"the test itself failed: {traceback.format_exc()}"]
    return number, problems, time.monotonic() - started, spec


def describe(spec):
    lines = [f"  site.toml: timezone {spec['zone']}, months_back {spec['months_back']}, months_ahead {spec['months_ahead']}, SOURCE_DATE_EPOCH={spec['epoch']}"]
    for event in spec["events"]:
        text, _ = sitegen.event_yaml(event)
        note = f"  (invalid: {event['invalid']['kind']})" if event["invalid"] else ""
        lines.append(f"  content/events/{event['id']}.yaml:{note}")
        lines += ["    " + line for line in text.splitlines()]
    return "\n".join(lines)


def self_check():
    """The checks must see known faults, or a green run means nothing: issue 10's examples."""
    failures = []
    site = {"epoch": 1772323200, "zone": "Europe/Berlin", "months_back": 3, "months_ahead": 12}
    bounds = oracle.window(site)
    # Class 1: only the instance in the gap moves (hand-computed from RFC 5545 3.3.5).
    event = {
        "id": "gap", "zone": "Europe/Berlin", "all_day": False,
        "start": datetime.datetime(2026, 3, 29, 2, 30), "length": {"kind": "duration", "delta": datetime.timedelta(hours=1)},
        "rule": [("FREQ", "WEEKLY"), ("COUNT", "3")], "except": [], "changes": [], "status": "confirmed",
    }
    starts = [o[1] for o in oracle.occurrences(site, event)]
    if starts != ["2026-03-29T01:30:00+00:00", "2026-04-05T00:30:00+00:00", "2026-04-12T00:30:00+00:00"]:
        failures.append(f"oracle: the gap example gives {starts}")
    # Classes 3 and 4: a VTIMEZONE without summer time, and one that starts after the event.
    for name, observances in [
        ("no daylight saving", "BEGIN:STANDARD\r\nDTSTART:20300101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD"),
        ("starts too late", "BEGIN:STANDARD\r\nDTSTART:20301027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:20310330T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT"),
    ]:
        text = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" + observances
            + "\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART;TZID=Europe/Berlin:20300516T121500\r\n"
            "DTEND;TZID=Europe/Berlin:20300516T141500\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        path = REPO / "target" / f"differential-self-check.ics"
        path.write_bytes(text.encode())
        if not feeds.vtimezone_problems(path, bounds):
            failures.append(f"VTIMEZONE evaluator: a zone with {name} passes")
        path.unlink()
    if not difference("x", [("gap", "a", "b", False, "confirmed", None)], [("gap", "a", "c", False, "confirmed", None)]):
        failures.append("comparison: a different end passes")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None, help="default: a new one, printed")
    parser.add_argument("--site", type=int, default=None, help="run only this site of the seed, and show its files")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--binary", default=os.environ.get("TREFFPUNKT_BIN", str(REPO / "target" / "debug" / "treffpunkt")))
    parser.add_argument("--keep", action="store_true", help="keep every site under target/treffpunkt-differential/")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**9)
    numbers = [args.site] if args.site is not None else list(range(args.sites))
    print(f"differential test: seed {seed}, {len(numbers)} site(s), binary {args.binary}", flush=True)
    if not os.path.exists(args.binary):
        print(f"error: {args.binary} does not exist; build it first (cargo build)")
        print(f"0 passed, {len(numbers)} failed")
        return 1
    installed = REPO / "target" / "differential-node" / "node_modules" / "ical.js" / "dist" / "ical.js"
    if not os.environ.get("TREFFPUNKT_ICALJS") and installed.exists():
        os.environ["TREFFPUNKT_ICALJS"] = str(installed)
    if not os.environ.get("TREFFPUNKT_ICALJS"):
        print("error: TREFFPUNKT_ICALJS is not set (the path of ical.js's dist/ical.js; .ci/run installs it)")
        print(f"0 passed, {len(numbers)} failed")
        return 1
    broken = self_check()
    if broken:
        for failure in broken:
            print(f"error: the test's own check failed: {failure}")
        print(f"0 passed, {len(numbers)} failed")
        return 1
    started = time.monotonic()
    keep = args.keep or args.site is not None
    tasks = [(seed, n, args.binary, keep) for n in numbers]
    results = []
    if args.jobs > 1 and len(tasks) > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            results = list(pool.imap_unordered(worker, tasks, chunksize=4))
    else:
        results = [worker(task) for task in tasks]
    results.sort(key=lambda r: r[0])
    failed = 0
    for number, problems, seconds, spec in results:
        if not problems:
            continue
        failed += 1
        print(f"\nFAILED site {number} of seed {seed}: python3 tests/differential/run.py --seed {seed} --site {number}")
        for problem in problems:
            print(f"  {problem}")
        if args.site is not None and spec is not None:
            print(describe(spec))
            print(f"  (the site is kept in target/treffpunkt-differential/seed-{seed}/site-{number})")
    passed = len(results) - failed
    slowest = max(results, key=lambda r: r[2])
    print(f"\nseed {seed}: {len(results)} sites in {time.monotonic() - started:.1f} s (slowest: site {slowest[0]}, {slowest[2]:.2f} s)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
