// Expands .ics files with Mozilla's ical.js (Thunderbird's parser), reading each file's own
// VTIMEZONE components as calendar clients do. One request per line on stdin:
//   {"path": "/…/calendar.ics", "from": <unix seconds>, "until": <unix seconds>}
// and one answer per line on stdout:
//   {"occurrences": [{uid, all_day, start, end, recurrence_id, status}], "error": null}
// `start`/`end` are unix seconds for timed occurrences and YYYY-MM-DD for all-day ones; every
// occurrence whose original start is before `until` and whose end is after `from` is listed (the
// caller applies the exact window).
//
// The end follows RFC 5545 3.8.5.3: an instance of the series lasts exactly DTEND − DTSTART of
// the series (ical.js itself adds the length in wall-clock time); a changed instance
// (RECURRENCE-ID) keeps its own DTEND.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(process.env.TREFFPUNKT_ICALJS).href)).default;

// RFC 5545 3.3.5 reads a local time that the clocks skip with the offset before the gap (02:30
// on the spring change in Berlin is 01:30 UTC) and a time that occurs twice as the first of the
// two; ical.js reads both with the offset after the change (00:30 UTC; the second 01:30 in New
// York in November). The comparison follows the RFC, still with the file's own zone as ical.js
// evaluates it for local times: the skipped or repeated span starts at the first local time
// ical.js gives the new offset, and lasts as long as the change.
function shifted(time, minutes) {
  const moved = time.clone();
  moved.adjust(0, 0, minutes, 0);
  return moved;
}

function unix(time) {
  if (time.isDate || !time.zone || time.zone.tzid === "UTC" || time.zone.tzid === "floating") {
    return time.toUnixTime();
  }
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second) / 1000;
  const zone = time.zone;
  const before = zone.utcOffset(shifted(time, -180));
  const after = zone.utcOffset(shifted(time, 180));
  if (before === after) return wall - zone.utcOffset(time);
  let low = -180; // minutes from `time`: still the old offset here
  let high = 180; // and the new one here
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.utcOffset(shifted(time, middle)) === after) high = middle;
    else low = middle;
  }
  const span = Math.abs(after - before) / 60;
  if (high <= 0 && -high < span) return wall - before;
  return wall - zone.utcOffset(time);
}

function day(time) {
  return time.toString().slice(0, 10);
}

// Days and weeks of a DURATION are nominal (local days), hours and smaller exact (RFC 5545 3.3.6).
function addDuration(start, duration) {
  const local = start.clone();
  local.adjust((duration.isNegative ? -1 : 1) * (duration.weeks * 7 + duration.days), 0, 0, 0);
  const seconds = duration.hours * 3600 + duration.minutes * 60 + duration.seconds;
  return unix(local) + (duration.isNegative ? -1 : 1) * seconds;
}

function seriesEnd(master, start) {
  const dtstart = master.component.getFirstPropertyValue("dtstart");
  const dtend = master.component.getFirstPropertyValue("dtend");
  const duration = master.component.getFirstPropertyValue("duration");
  if (start.isDate) {
    const days = dtend ? dtend.subtractDate(dtstart).toSeconds() / 86400 : duration ? duration.toSeconds() / 86400 : 1;
    const end = start.clone();
    end.adjust(Math.round(days), 0, 0, 0);
    return day(end);
  }
  if (dtend) return unix(start) + (unix(dtend) - unix(dtstart));
  if (duration) return addDuration(start, duration);
  return unix(start);
}

function itemEnd(item, start) {
  const component = item.component;
  if (component.hasProperty("dtend")) {
    const end = component.getFirstPropertyValue("dtend");
    return end.isDate ? day(end) : unix(end);
  }
  return seriesEnd(item, start);
}

function expand(request) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(request.path, "utf8")));
  // Values are decoded when first read, so registering the file's zones now makes every TZID
  // resolve through them (and never through a zone of an earlier file).
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const byUid = new Map();
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const uid = vevent.getFirstPropertyValue("uid");
    if (!byUid.has(uid)) byUid.set(uid, { master: null, exceptions: [] });
    if (vevent.hasProperty("recurrence-id")) byUid.get(uid).exceptions.push(vevent);
    else byUid.get(uid).master = vevent;
  }
  const occurrences = [];
  const rules = {};
  const margin = 400 * 86400;
  for (const [uid, group] of byUid) {
    if (!group.master) continue;
    const event = new ICAL.Event(group.master, { exceptions: group.exceptions, strictExceptions: true });
    const emit = (details) => {
      const isException = details.item !== event;
      // A changed instance starts at its own DTSTART (ical.js shifts it when the RECURRENCE-ID
      // and DTSTART are one instant written as two local times, as around a gap).
      const start = isException ? details.item.startDate : details.startDate;
      const end = isException ? itemEnd(details.item, start) : seriesEnd(event, start);
      const status = (details.item.component.getFirstPropertyValue("status") || "CONFIRMED").toLowerCase();
      const rid = details.recurrenceId;
      occurrences.push({
        uid,
        all_day: start.isDate,
        tzid: start.zone && start.zone.tzid !== "floating" ? start.zone.tzid : "UTC",
        start: start.isDate ? day(start) : unix(start),
        end,
        recurrence_id: isException ? (rid.isDate ? day(rid) : unix(rid)) : null,
        status,
      });
    };
    if (!event.isRecurring()) {
      const start = event.startDate;
      emit({ startDate: start, item: event, recurrenceId: start });
      continue;
    }
    const defect = knownDefect(group.master.getFirstPropertyValue("rrule"));
    if (defect) {
      rules[uid] = { defect };
      continue;
    }
    rules[uid] = ruleCheck(group.master);
    const iterator = event.iterator();
    let next;
    let guard = 0;
    while ((next = iterator.next())) {
      if (++guard > 200000) throw new Error(`${uid}: more than 200000 occurrences`);
      const original = next.toUnixTime();
      if (original > request.until + margin) break;
      if (original < request.from - 2 * margin) continue;
      emit(event.getOccurrenceDetails(next));
    }
  }
  return { occurrences, rules };
}

// Rules on which ical.js 2.2.1 never returns (an endless loop inside its iterator), so they cannot
// even be compared: FREQ=DAILY with only negative BYMONTHDAY values.
function knownDefect(recur) {
  const days = recur.parts.BYMONTHDAY || [];
  if (recur.freq === "DAILY" && days.length > 0 && days.every((day) => day < 0)) {
    return "ical.js loops forever on FREQ=DAILY with a negative BYMONTHDAY";
  }
  return null;
}

// ical.js's own expansion of the series' rule in floating time (no zone, no UNTIL), for
// the caller to compare with python-dateutil: where ical.js departs from RFC 5545 on the rule
// itself, its expansion of that series says nothing about the feed.
function ruleCheck(master) {
  const dtstart = master.getFirstPropertyValue("dtstart");
  const recur = master.getFirstPropertyValue("rrule").clone();
  recur.until = null;
  const floating = ICAL.Time.fromData({
    year: dtstart.year, month: dtstart.month, day: dtstart.day,
    hour: dtstart.hour, minute: dtstart.minute, second: dtstart.second, isDate: dtstart.isDate,
  });
  const iterator = recur.iterator(floating);
  const first = [];
  let next;
  while (first.length < 40 && (next = iterator.next())) {
    if (next.year > dtstart.year + 60) break;
    first.push(next.toString());
  }
  return { dtstart: floating.toString(), rule: recur.toString(), first };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = { ...expand(JSON.parse(line)), error: null };
  } catch (error) {
    answer = { occurrences: [], rules: {}, error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
