#!/usr/bin/env python3
"""Writes a synthetic blog for benchmarking Treffpunkt against Hugo.

    python3 bench/generate.py N DIR

creates two sites holding the same N posts, drawn from one fixed random seed:

    DIR/treffpunkt/   site.toml, content/posts/*.md, content/pages/*.md, themes/default/
    DIR/hugo/         hugo.toml, content/posts/*.md, content/*.md, layouts/, static/

Posts are German-ish Markdown of 400-1000 words with headings, lists, links, emphasis and now and
then a table, a block quote or a footnote; each has 1-4 tags from a pool of 200, one of 20
categories and one of 10 authors, dated over ten years (2015-2024). The Hugo layouts render the
same things as Treffpunkt's default theme (title, date, author, category, tags, reading time,
summary, content, share links, previous/next post, pagination) so that both tools do similar work.

Only the Python standard library is used; the output depends only on N (fixed seed).
"""

import datetime
import random
import shutil
import sys
import unicodedata
from pathlib import Path

SEED = 20261121
HERE = Path(__file__).resolve().parent
THEME = HERE.parent / "themes" / "default"

SITE_TITLE = "Benchmark"
BASE_URL = "https://bench.example"
SITE_AUTHOR = "Bench Author"
DESCRIPTION = "Ein synthetischer Blog über Netzwerken, Unternehmertum und Veranstaltungen."
PER_PAGE = 10

AUTHORS = [
    "Marlene Huber", "Tobias Reindl", "Sabine Großmann", "Jürgen Oberhofer", "Aylin Demir",
    "Konstantin Weiß", "Franziska Lechner", "Matthias Brückner", "Ines Schäfer", "Ole Petersen",
]

CATEGORIES = [
    "Netzwerken & Gemeinschaft", "Veranstaltungen", "Praxistipps", "Gründen", "Marketing",
    "Finanzen", "Recht & Steuern", "Digitalisierung", "Führung", "Personal", "Nachhaltigkeit",
    "Regionales", "Interviews", "Vereinsleben", "Handwerk", "Handel", "Reisen", "Weiterbildung",
    "Kommunikation", "Rückblicke",
]

TAG_WORDS = [
    "Netzwerken", "Stammtisch", "Small Talk", "Kontaktpflege", "Visitenkarten", "Empfehlungen",
    "Mentoring", "Gründung", "Selbständigkeit", "Familienbetrieb", "Nachfolge", "Mittelstand",
    "Start-ups", "Finanzierung", "Fördermittel", "Buchhaltung", "Steuern", "Umsatzsteuer",
    "Rechnungen", "Liquidität", "Preisgestaltung", "Verhandeln", "Akquise", "Kundenbindung",
    "Vertrieb", "Messe", "Konferenz", "Workshop", "Vortrag", "Podiumsdiskussion", "Frühstück",
    "Mittagstisch", "Sommerfest", "Weihnachtsfeier", "Betriebsbesichtigung", "Exkursion",
    "Ehrenamt", "Vorstand", "Mitgliederversammlung", "Satzung", "Datenschutz", "DSGVO",
    "Impressum", "Arbeitsrecht", "Verträge", "Versicherungen", "Homeoffice", "Coworking",
    "Digitalisierung", "Künstliche Intelligenz", "E-Mail", "Newsletter", "Social Media",
    "LinkedIn", "XING", "Webseite", "Suchmaschinen", "Fotografie", "Pressearbeit", "Storytelling",
    "Rhetorik", "Präsentation", "Zeitmanagement", "Produktivität", "Gesundheit", "Resilienz",
    "Führung", "Teamkultur", "Recruiting", "Ausbildung", "Fachkräfte", "Weiterbildung",
    "Frauen in Führung", "Diversität", "Nachhaltigkeit", "Energie", "Mobilität", "Lieferketten",
    "Export", "Import", "Zoll", "Handwerk", "Gastronomie", "Einzelhandel", "Tourismus",
    "Immobilien", "Bauwirtschaft", "Landwirtschaft", "Kreativwirtschaft", "Beratung",
    "Kanzleien", "Arztpraxen", "Apotheken", "Logistik", "Maschinenbau", "Software",
    "IT-Sicherheit", "Cloud", "Open Source", "Barrierefreiheit", "Kundenservice", "Qualität",
    "Innovation", "Kooperation", "Crowdfunding", "Banken", "Kredite", "Investoren",
    "Business Angels", "Bilanz", "Controlling", "Inventur", "Krisen", "Insolvenz",
    "Jahresabschluss", "Planung", "Strategie", "Marke", "Logo", "Corporate Design",
    "Verpackung", "Onlinehandel", "Marktplätze", "Bewertungen", "Telefon", "Videokonferenz",
    "Reisekosten", "Dienstwagen", "Fahrrad", "Bahn", "Hotel", "Tagungsort", "Catering",
    "Wein", "Bier", "Kaffee", "Golf", "Wandern", "Segeln", "Laufen", "Kultur", "Theater",
    "Musik", "Kunst", "Literatur", "Podcast", "Bücher", "Zitate", "Jahresrückblick", "Ausblick",
]

PLACES = [
    "München", "Wien", "Salzburg", "Innsbruck", "Graz", "Linz", "Augsburg", "Regensburg",
    "Nürnberg", "Würzburg", "Passau", "Rosenheim", "Ingolstadt", "Landshut", "Zürich", "Basel",
    "Bozen", "Stuttgart", "Ulm", "Konstanz", "Freiburg", "Frankfurt", "Köln", "Düsseldorf",
    "Hamburg", "Berlin", "Leipzig", "Dresden", "Bamberg", "Kempten", "Lindau", "Garmisch",
    "Bad Tölz", "Starnberg", "Erding", "Freising", "Dachau", "Fürstenfeldbruck", "Ebersberg",
    "Traunstein", "Mühldorf", "Altötting", "Burghausen", "Wels", "Klagenfurt", "Villach",
    "St. Pölten", "Bregenz", "Dornbirn", "Feldkirch", "Luzern", "Bern", "St. Gallen", "Chur",
    "Meran", "Trient", "Brixen", "Kufstein", "Kitzbühel", "Schwaz", "Hall in Tirol",
]

FIRST_WORDS = [
    "Gespräch", "Abend", "Termin", "Treffen", "Kunde", "Auftrag", "Kontakt", "Verein", "Netzwerk",
    "Stammtisch", "Empfang", "Vortrag", "Workshop", "Projekt", "Betrieb", "Unternehmen",
    "Kollegin", "Kollege", "Partnerin", "Partner", "Gründerin", "Gründer", "Mitglied", "Gast",
]

SUBJECTS = [
    "Wer regelmäßig kommt", "Die meisten Gäste", "Unsere Mitglieder", "Viele Gründerinnen",
    "Ein guter Gastgeber", "Die Runde am Donnerstag", "Jeder Neuling", "Das Organisationsteam",
    "Eine Steuerberaterin aus {place}", "Ein Schreinermeister aus {place}", "Der Vorstand",
    "Die Inhaberin eines Familienbetriebs", "Ein Softwareentwickler", "Wer zum ersten Mal dabei ist",
    "Der Stammtisch in {place}", "Unser Frühstücksclub", "Eine gute Empfehlung", "Ein kurzer Anruf",
    "Die Kollegin aus der Buchhaltung", "Ein Handwerksbetrieb aus {place}", "Die Gastgeberin",
]

VERBS = [
    "erzählt gern von", "spricht offen über", "fragt nach", "denkt oft an", "kümmert sich um",
    "freut sich über", "arbeitet seit Jahren an", "erinnert sich an", "berichtet von",
    "sucht nach", "profitiert von", "legt großen Wert auf", "hat wenig Zeit für", "lernt viel über",
    "achtet besonders auf", "schwärmt von", "stolpert manchmal über", "plant schon jetzt",
]

OBJECTS = [
    "das letzte Gespräch", "neue Kontakte", "den nächsten Auftrag", "die eigene Firma",
    "die Buchhaltung", "den Umzug ins neue Büro", "ein Förderprogramm", "die Nachfolgeregelung",
    "den Stammtisch", "eine Empfehlung", "das Sommerfest", "die Weihnachtsfeier",
    "die Suche nach Fachkräften", "die neue Webseite", "ein gemeinsames Projekt",
    "die Preise für das kommende Jahr", "den Messestand", "die Zusammenarbeit mit {place}",
    "den Kaffee am Morgen", "die Visitenkarten", "die Vereinsarbeit", "ein Angebot aus {place}",
]

ADVERBIALS = [
    "am Dienstagabend", "nach dem Vortrag", "beim zweiten Kaffee", "ohne großes Aufheben",
    "seit dem letzten Herbst", "in aller Ruhe", "zwischen Tür und Angel", "am Stehtisch",
    "bei einem Glas Wein", "am Rande der Messe", "gleich zu Beginn", "fast jede Woche",
    "mit erstaunlicher Geduld", "im Nebenzimmer des Wirtshauses", "auf dem Heimweg",
    "in der ersten Januarwoche", "vor dem nächsten Termin", "während der Mittagspause",
]

CONNECTORS = [
    "Dabei zeigt sich", "Erstaunlich oft gilt", "Aus unserer Erfahrung gilt", "Man merkt schnell",
    "Ehrlich gesagt gilt", "Am Ende zählt", "Nicht zu unterschätzen ist", "Es lohnt sich zu wissen",
]

CLAIMS = [
    "dass Vertrauen langsam wächst", "dass ein fester Rhythmus hilft",
    "dass niemand etwas beweisen muss", "dass die besten Gespräche ungeplant sind",
    "dass Zuhören mehr bringt als Reden", "dass Regelmäßigkeit wichtiger ist als Größe",
    "dass eine kurze Nachricht viel bewirkt", "dass Empfehlungen mehr wert sind als Werbung",
    "dass man Geduld braucht", "dass Neugier die beste Vorbereitung ist",
    "dass kleine Runden oft mehr bringen", "dass die Visitenkarte in der Tasche bleiben darf",
]

QUOTES = [
    "Wen sollte ich heute unbedingt kennenlernen?", "Wie war Ihr Jahr?",
    "Woher kennen Sie eigentlich die Gastgeber?", "Was beschäftigt Sie gerade?",
    "Kann ich Ihnen bei etwas helfen?", "Kommen Sie nächstes Mal wieder?",
]

HEADINGS = [
    "Warum gerade die Regelmäßigkeit zählt", "Was Neulinge erwartet", "Eine alte Idee, neu genutzt",
    "Und wenn ich niemanden kenne?", "Drei Haltungen, die sich bewährt haben",
    "Gesprächseinstiege für den Stehtisch", "Die Kunst des Abschieds", "Und im Januar?",
    "Niedrige Schwelle, kurze Dauer", "So läuft ein Abend ab", "Was man mitbringen sollte",
    "Für wen das Format passt", "Ein Blick auf die Zahlen", "Was wir gelernt haben",
    "Häufige Fragen", "Der erste Schritt", "Wie es weitergeht", "Ein Beispiel aus {place}",
    "Was gut lief – und was nicht", "Vorbereitung ist alles", "Nach dem Termin",
    "Kleine Gesten, große Wirkung", "Zahlen, Daten, Fakten", "Stimmen aus der Runde",
]

TITLE_PATTERNS = [
    "{tag} in {place}: {lesson}", "Warum {tag} mehr ist als ein Pflichttermin",
    "{n} Tipps für {tag}", "Der {first} als Format: {lesson}", "{place} im Rückblick: {tag}",
    "Was uns {tag} gelehrt hat", "{tag} ohne Stress: {lesson}", "Ein Abend in {place}",
    "Gut vorbereitet zum nächsten {first}", "{tag} und {tag2}: ein Erfahrungsbericht",
    "Frag die Runde: {tag}", "Zwei Tage {place}", "{lesson} – eine Bilanz",
]

LESSONS = [
    "weniger ist mehr", "ein Plädoyer für Geduld", "was wirklich zählt", "so gelingt der Einstieg",
    "Erfahrungen aus zehn Jahren", "ein Leitfaden", "keine Angst vor Fremden",
    "warum es sich lohnt", "was Neulinge wissen sollten", "Notizen vom Stehtisch",
]

LINK_TARGETS = [
    "https://de.wikipedia.org/wiki/Stammtisch", "https://www.ihk.de/", "https://www.wko.at/",
    "https://www.existenzgruender.de/", "https://www.bmwk.de/", "https://www.destatis.de/",
    "https://www.hwk-muenchen.de/", "https://example.org/leitfaden",
]


def treffpunkt_slug(text):
    """The slug rules of Treffpunkt (src/model/slug.rs), close enough for generated names."""
    text = (text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
            .replace("Ä", "ae").replace("Ö", "oe").replace("Ü", "ue"))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = []
    for c in text.lower():
        if c.isalnum():
            out.append(c)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def yaml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_list(items):
    return "[" + ", ".join(yaml_string(i) for i in items) + "]"


def make_tags(rng):
    """200 distinct tags: the topic words, then topic words combined with places."""
    tags, seen = [], set()

    def add(tag):
        key = treffpunkt_slug(tag)
        if key and key not in seen and tag.lower() not in seen:
            seen.add(key)
            seen.add(tag.lower())
            tags.append(tag)

    for word in TAG_WORDS:
        add(word)
    places = list(PLACES)
    rng.shuffle(places)
    for place in places:
        if len(tags) >= 200:
            break
        add(place)
    while len(tags) < 200:
        add(f"{rng.choice(TAG_WORDS)} {rng.choice(PLACES)}")
    return tags[:200]


class Writer:
    """Generates the body of one post."""

    def __init__(self, rng):
        self.rng = rng

    def fill(self, text):
        return text.replace("{place}", self.rng.choice(PLACES))

    def sentence(self):
        r = self.rng
        kind = r.random()
        if kind < 0.55:
            s = f"{self.fill(r.choice(SUBJECTS))} {r.choice(VERBS)} {self.fill(r.choice(OBJECTS))}, {r.choice(ADVERBIALS)}."
        elif kind < 0.8:
            s = f"{r.choice(CONNECTORS)}, {r.choice(CLAIMS)}."
        elif kind < 0.9:
            s = f"Eine typische Frage lautet: \"{r.choice(QUOTES)}\""
        else:
            s = f"{self.fill(r.choice(SUBJECTS))} {r.choice(VERBS)} {self.fill(r.choice(OBJECTS))} und {r.choice(VERBS)} {self.fill(r.choice(OBJECTS))}."
        return s

    def decorate(self, sentence):
        """Emphasis, a link or inline code on some sentences."""
        r = self.rng
        words = sentence.split(" ")
        if len(words) < 4:
            return sentence
        roll = r.random()
        i = r.randrange(1, len(words) - 1)
        if roll < 0.12:
            words[i] = f"**{words[i]}**"
        elif roll < 0.22:
            words[i] = f"*{words[i]}*"
        elif roll < 0.30:
            j = min(i + 2, len(words) - 1)
            words[i:j] = [f"[{' '.join(words[i:j])}]({r.choice(LINK_TARGETS)})"]
        elif roll < 0.32:
            words[i] = f"`{words[i].strip('.,')}`"
        return " ".join(words)

    def paragraph(self, sentences=None):
        n = sentences or self.rng.randint(3, 6)
        return " ".join(self.decorate(self.sentence()) for _ in range(n))

    def bullet_list(self):
        r = self.rng
        ordered = r.random() < 0.35
        items = []
        for k in range(r.randint(3, 6)):
            marker = f"{k + 1}." if ordered else "-"
            lead = f"**{r.choice(FIRST_WORDS)}:** " if r.random() < 0.4 else ""
            items.append(f"{marker} {lead}{self.decorate(self.sentence())}")
        return "\n".join(items)

    def table(self):
        r = self.rng
        rows = ["| Format | Termin | Teilnehmer |", "|---|---|---:|"]
        for _ in range(r.randint(3, 5)):
            rows.append(f"| {r.choice(FIRST_WORDS)} in {r.choice(PLACES)} | {r.choice(ADVERBIALS)} | {r.randint(8, 120)} |")
        return "\n".join(rows)

    def quote(self):
        return "> " + self.paragraph(2)

    def body(self, target_words, more_marker):
        """Markdown of about `target_words` words. Returns (markdown, has_footnote)."""
        r = self.rng
        blocks = [self.paragraph(), self.paragraph()]
        if more_marker:
            blocks.append(more_marker)
        headings = r.sample(HEADINGS, k=min(len(HEADINGS), 8))
        footnote = r.random() < 0.25
        table = r.random() < 0.15
        words = sum(len(b.split()) for b in blocks)
        section = 0
        while words < target_words:
            heading = self.fill(headings[section % len(headings)])
            level = "###" if section % 3 == 2 else "##"
            section += 1
            part = [f"{level} {heading}", self.paragraph()]
            roll = r.random()
            if roll < 0.35:
                part.append(self.bullet_list())
            elif roll < 0.45:
                part.append(self.quote())
            if table and section == 2:
                part.append(self.table())
            part.append(self.paragraph())
            if footnote and section == 1:
                part[-1] += "[^1]"
            blocks.extend(part)
            words += sum(len(b.split()) for b in part)
        if footnote:
            blocks.append(f"[^1]: {self.paragraph(2)}")
        return "\n\n".join(blocks) + "\n", footnote


def make_posts(n, rng):
    tags_pool = make_tags(rng)
    writer = Writer(rng)
    start = datetime.date(2015, 1, 1)
    span = (datetime.date(2024, 12, 31) - start).days
    posts, slugs = [], set()
    for i in range(n):
        day = start + datetime.timedelta(days=rng.randrange(span + 1))
        if rng.random() < 0.5:
            date = day.isoformat()
        else:
            # Office hours only: 02:00-02:59 on the last Sunday of March does not exist in
            # Europe/Berlin, and Treffpunkt rightly refuses such a date.
            date = f"{day.isoformat()} {rng.randint(6, 21):02d}:{rng.choice([0, 15, 30, 45]):02d}"
        tags = rng.sample(tags_pool, k=rng.randint(1, 4))
        tag, tag2 = tags[0], rng.choice(tags_pool)
        title = rng.choice(TITLE_PATTERNS).format(
            tag=tag, tag2=tag2, place=rng.choice(PLACES), lesson=rng.choice(LESSONS),
            n=rng.randint(3, 12), first=rng.choice(FIRST_WORDS),
        )
        title = title[0].upper() + title[1:]
        base = treffpunkt_slug(title)
        slug, k = base, 2
        while slug in slugs:
            slug, k = f"{base}-{k}", k + 1
        slugs.add(slug)
        summary_mode = rng.random()
        post = {
            "title": title,
            "slug": slug,
            "day": day,
            "date": date,
            "updated": (day + datetime.timedelta(days=rng.randint(1, 60))).isoformat() if rng.random() < 0.1 else None,
            "author": rng.choice(AUTHORS),
            "tags": tags,
            "category": rng.choice(CATEGORIES),
            "summary": writer.paragraph(2).replace("**", "").replace("`", "") if summary_mode < 0.3 else None,
            "more": 0.3 <= summary_mode < 0.6,
            "draft": rng.random() < 0.01,
            "target_words": rng.randint(400, 1000),
        }
        # The body is drawn once; each tool gets its own summary marker.
        state = rng.getstate()
        post["body_tp"], _ = writer.body(post["target_words"], "<!-- more -->" if post["more"] else None)
        rng.setstate(state)
        post["body_hugo"], _ = writer.body(post["target_words"], "<!--more-->" if post["more"] else None)
        posts.append(post)
    return posts


PAGES = [
    ("Impressum", "impressum", "Angaben gemäß § 5 TMG.\n\n**Bench Verein e. V.**  \nMusterstraße 1  \n80331 München\n\nVertreten durch den Vorstand.\n"),
    ("Über uns", "ueber-uns", "Wir sind ein Netzwerk von Unternehmerinnen und Unternehmern.\n\n## Was wir tun\n\n- Stammtische\n- Frühstücksclub\n- Exkursionen\n"),
]


def write_treffpunkt(root, posts):
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "pages").mkdir(parents=True)
    # Without the share card templates: Hugo's templates draw no cards, so the comparison stays
    # like for like (bench/cards.sh measures the cards).
    shutil.copytree(THEME, root / "themes" / "default", ignore=shutil.ignore_patterns("cards"))
    (root / "site.toml").write_text(
        f'title = "{SITE_TITLE}"\nbase_url = "{BASE_URL}"\nauthor = "{SITE_AUTHOR}"\n'
        f'description = "{DESCRIPTION}"\nlanguage = "de"\ntimezone = "Europe/Berlin"\n'
        f"[blog]\nposts_per_page = {PER_PAGE}\n",
        encoding="utf-8",
    )
    for title, slug, body in PAGES:
        (root / "content" / "pages" / f"{slug}.md").write_text(
            f"---\ntitle: {yaml_string(title)}\n---\n{body}", encoding="utf-8")
    for p in posts:
        fm = [f"title: {yaml_string(p['title'])}", f"date: {p['date']}"]
        if p["updated"]:
            fm.append(f"updated: {p['updated']}")
        fm += [f"author: {p['author']}", f"tags: {yaml_list(p['tags'])}",
               f"category: {yaml_string(p['category'])}"]
        if p["summary"]:
            fm.append(f"summary: {yaml_string(p['summary'])}")
        if p["draft"]:
            fm.append("draft: true")
        text = "---\n" + "\n".join(fm) + "\n---\n" + p["body_tp"]
        (root / "content" / "posts" / f"{p['day'].isoformat()}-{p['slug']}.md").write_text(text, encoding="utf-8")


HUGO_CONFIG = f"""\
baseURL = "{BASE_URL}/"
title = "{SITE_TITLE}"
locale = "de-DE"
defaultContentLanguage = "de"
timeZone = "Europe/Berlin"
enableRobotsTXT = true
summaryLength = 70

[params]
author = "{SITE_AUTHOR}"
description = "{DESCRIPTION}"

[pagination]
pagerSize = {PER_PAGE}

[taxonomies]
tag = "tags"
category = "categories"
author = "authors"

[permalinks.page]
posts = "/blog/:slug/"
[permalinks.section]
posts = "/blog/"

# Like Treffpunkt: the site-wide feed and one per tag, each with the 20 newest posts.
[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html", "rss"]
page = ["html"]

[[cascade]]
outputs = ["html"]
[cascade.target]
kind = "term"
path = "{{/categories/**,/authors/**}}"

[services.rss]
limit = 20

[sitemap]
changeFreq = ""
priority = -1

[markup.goldmark.renderer]
unsafe = true
[markup.goldmark.extensions.typographer]
leftDoubleQuote = "&bdquo;"
rightDoubleQuote = "&ldquo;"
leftSingleQuote = "&sbquo;"
rightSingleQuote = "&lsquo;"
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
  <meta name="description" content="{{ block "description" . }}{{ site.Params.description }}{{ end }}">
  <meta name="color-scheme" content="light dark">
  <meta name="generator" content="Hugo">
  <link rel="canonical" href="{{ .Permalink }}">
  <link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ site.Home.Permalink }}index.xml">
  <link rel="icon" type="image/svg+xml" href="{{ "favicon.svg" | absURL }}">
  <link rel="stylesheet" href="{{ "style.css" | absURL }}">
  {{- block "head" . }}{{ end }}
</head>
<body>
  <a class="skip-link" href="#inhalt">Zum Inhalt springen</a>
  <header class="site-header">
    <div class="wrap site-header__inner">
      <a class="site-title" href="{{ site.Home.Permalink }}"{{ if .IsHome }} aria-current="page"{{ end }}><span>{{ site.Title }}</span></a>
      <nav class="site-nav" aria-label="Hauptnavigation">
        <ul>
          {{- $here := .RelPermalink }}
          {{- range slice (slice "/blog/" "Blog") (slice "/tags/" "Schlagwörter") (slice "/categories/" "Kategorien") (slice "/authors/" "Autoren") }}
          {{- $url := index . 0 }}
          <li><a href="{{ $url | absURL }}"{{ if eq $here $url }} aria-current="page"{{ else if hasPrefix $here $url }} aria-current="true"{{ end }}>{{ index . 1 }}</a></li>
          {{- end }}
        </ul>
      </nav>
    </div>
  </header>
  <main id="inhalt" class="wrap" tabindex="-1">
    {{- block "main" . }}{{ end }}
  </main>
  {{- /* The same on every page: rendered once (filtering all pages per page would be O(n²)). */}}
  {{- partialCached "footer.html" . }}
</body>
</html>
""",
    "_partials/footer.html": """\
  <footer class="site-footer">
    <div class="wrap site-footer__inner">
      <nav class="footer-nav" aria-label="Weitere Seiten">
        <ul>
          {{- range (where site.RegularPages "Section" "").ByTitle }}
          <li><a href="{{ .Permalink }}">{{ .Title }}</a></li>
          {{- end }}
          <li><a class="feed-link" href="{{ site.Home.Permalink }}index.xml">Feed abonnieren</a></li>
        </ul>
      </nav>
      <p class="copyright">© {{ now.Year }} {{ site.Title }}</p>
    </div>
  </footer>
""",
    "_partials/meta.html": """\
<p class="meta">
  <span class="meta__item"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date | time.Format ":date_long" }}</time></span>
  {{- if and .Params.lastmod (ne .Lastmod .Date) }}
  <span class="meta__item">Aktualisiert am <time datetime="{{ .Lastmod.Format "2006-01-02T15:04:05-07:00" }}">{{ .Lastmod | time.Format ":date_long" }}</time></span>
  {{- end }}
  {{- range .GetTerms "authors" }}
  <span class="meta__item">von <a href="{{ .Permalink }}" rel="author">{{ .LinkTitle }}</a></span>
  {{- end }}
  <span class="meta__item">Lesezeit: {{ .ReadingTime }} {{ if eq .ReadingTime 1 }}Minute{{ else }}Minuten{{ end }}</span>
</p>
""",
    "_partials/category.html": """\
{{- range first 1 (.GetTerms "categories") }}<p class="eyebrow"><span class="visually-hidden">Kategorie: </span><a href="{{ .Permalink }}">{{ .LinkTitle }}</a></p>{{ end -}}
""",
    "_partials/tags.html": """\
{{- with .GetTerms "tags" }}<ul class="tags" aria-label="Schlagwörter">
  {{- range . }}
  <li><a href="{{ .Permalink }}" rel="tag">{{ .LinkTitle }}</a></li>
  {{- end }}
</ul>{{ end -}}
""",
    "_partials/card.html": """\
<article class="card">
  <header class="card__header">
    <h2 class="card__title"><a href="{{ .Permalink }}">{{ .Title }}</a></h2>
    {{ partial "category.html" . }}
  </header>
  {{ partial "meta.html" . }}
  <div class="card__summary">{{ .Summary }}</div>
  <p class="card__more"><a href="{{ .Permalink }}">Weiterlesen<span class="visually-hidden">: {{ .Title }}</span></a></p>
  {{ partial "tags.html" . }}
</article>
""",
    "_partials/pagination.html": """\
{{- $p := . }}
{{- if gt $p.TotalPages 1 }}
<nav class="pagination" aria-label="Seitennavigation">
  <p class="pagination__status">Seite {{ $p.PageNumber }} von {{ $p.TotalPages }}</p>
  <ul class="pagination__list">
    {{- with $p.Prev }}
    <li class="pagination__step pagination__step--prev"><a href="{{ .URL | absURL }}" rel="prev"><span aria-hidden="true">←</span> Neuere Beiträge</a></li>
    {{- end }}
    {{- range $p.Pagers }}
    {{- if or (eq .PageNumber 1) (eq .PageNumber $p.TotalPages) (and (ge .PageNumber (sub $p.PageNumber 2)) (le .PageNumber (add $p.PageNumber 2))) }}
    <li class="pagination__number"><a href="{{ .URL | absURL }}"{{ if eq .PageNumber $p.PageNumber }} aria-current="page"{{ end }} aria-label="Seite {{ .PageNumber }}">{{ .PageNumber }}</a></li>
    {{- else if or (eq .PageNumber (sub $p.PageNumber 3)) (eq .PageNumber (add $p.PageNumber 3)) }}
    <li class="pagination__gap" aria-hidden="true">…</li>
    {{- end }}
    {{- end }}
    {{- with $p.Next }}
    <li class="pagination__step pagination__step--next"><a href="{{ .URL | absURL }}" rel="next">Ältere Beiträge <span aria-hidden="true">→</span></a></li>
    {{- end }}
  </ul>
</nav>
{{- end }}
""",
    "home.html": """\
{{ define "main" }}
<section class="intro">
  <h1>{{ site.Title }}</h1>
  <p class="lead">{{ site.Params.description }}</p>
</section>
<section class="latest" aria-labelledby="latest-posts">
  <h2 id="latest-posts" class="section-title">Neueste Beiträge</h2>
  <div class="cards">
  {{- range first 10 (where site.RegularPages "Section" "posts") }}
  {{ partial "card.html" . }}
  {{- end }}
  </div>
  <p class="more-link"><a href="{{ "/blog/" | absURL }}">Alle Beiträge ansehen <span aria-hidden="true">→</span></a></p>
</section>
{{ end }}
""",
    "section.html": """\
{{ define "title" }}Blog{{ if gt .Paginator.PageNumber 1 }} – Seite {{ .Paginator.PageNumber }} von {{ .Paginator.TotalPages }}{{ end }} – {{ site.Title }}{{ end }}
{{ define "main" }}
<header class="page-header">
  <h1>Blog</h1>
  {{- if gt .Paginator.TotalPages 1 }}
  <p class="meta">Seite {{ .Paginator.PageNumber }} von {{ .Paginator.TotalPages }}</p>
  {{- end }}
</header>
<div class="cards">
{{- range .Paginator.Pages }}
{{ partial "card.html" . }}
{{- end }}
</div>
{{ partial "pagination.html" .Paginator }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "title" }}{{ .Title }} – {{ site.Title }}{{ end }}
{{ define "main" }}
<header class="page-header">
  <h1>{{ .Title }}</h1>
</header>
<ul class="term-list term-list--{{ .Data.Plural }}">
  {{- range .Data.Terms.Alphabetical }}
  <li><a href="{{ .Page.Permalink }}"><span class="term-list__name">{{ .Page.LinkTitle }}</span> <span class="term-list__count">{{ if eq .Count 1 }}1 Beitrag{{ else }}{{ .Count }} Beiträge{{ end }}</span></a></li>
  {{- end }}
</ul>
{{ end }}
""",
    "term.html": """\
{{ define "title" }}{{ index (dict "tags" "Schlagwort" "categories" "Kategorie" "authors" "Beiträge von") .Data.Plural }}: {{ .Title }}{{ if gt .Paginator.PageNumber 1 }} – Seite {{ .Paginator.PageNumber }} von {{ .Paginator.TotalPages }}{{ end }} – {{ site.Title }}{{ end }}
{{ define "head" }}
  {{- with .OutputFormats.Get "rss" }}
  <link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">
  {{- end }}
{{ end }}
{{ define "main" }}
<header class="page-header">
  <p class="eyebrow"><a href="{{ .Parent.Permalink }}">Alle {{ .Parent.Title }}</a></p>
  <h1>{{ index (dict "tags" "Schlagwort" "categories" "Kategorie" "authors" "Beiträge von") .Data.Plural }}: {{ .Title }}</h1>
  <p class="meta">
    <span class="meta__item">{{ len .Pages }} Beiträge</span>
    {{- if gt .Paginator.TotalPages 1 }}
    <span class="meta__item">Seite {{ .Paginator.PageNumber }} von {{ .Paginator.TotalPages }}</span>
    {{- end }}
  </p>
  {{- with .OutputFormats.Get "rss" }}
  <p><a class="feed-link" href="{{ .Permalink }}">Feed abonnieren</a></p>
  {{- end }}
</header>
<div class="cards">
{{- range .Paginator.Pages }}
{{ partial "card.html" . }}
{{- end }}
</div>
{{ partial "pagination.html" .Paginator }}
{{ end }}
""",
    "page.html": """\
{{ define "title" }}{{ .Title }} – {{ site.Title }}{{ end }}
{{ define "description" }}{{ .Summary | plainify | htmlUnescape | strings.TrimSpace }}{{ end }}
{{ define "head" }}
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="{{ site.Title }}">
  <meta property="og:title" content="{{ .Title }}">
  <meta property="og:url" content="{{ .Permalink }}">
  <meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
{{ end }}
{{ define "main" }}
<article class="post">
  <header class="post__header">
    <h1 class="post__title">{{ .Title }}</h1>
    {{- if eq .Section "posts" }}
    {{ partial "category.html" . }}
    {{ partial "meta.html" . }}
    {{- end }}
  </header>
  <div class="prose">
    {{ .Content }}
  </div>
  {{- if eq .Section "posts" }}
  <footer class="post__footer">
    {{- with .GetTerms "tags" }}
    <div class="post__tags">
      <h2 class="label">Schlagwörter</h2>
      <ul class="tags">
        {{- range . }}
        <li><a href="{{ .Permalink }}" rel="tag">{{ .LinkTitle }}</a></li>
        {{- end }}
      </ul>
    </div>
    {{- end }}
    {{- $url := .Permalink | urlquery }}
    {{- $title := .Title | urlquery }}
    <div class="share">
      <h2 class="label">Teilen</h2>
      <ul class="share__list">
        <li><a class="share__link share__link--facebook" href="https://www.facebook.com/sharer/sharer.php?u={{ $url }}" rel="noopener">Facebook</a></li>
        <li><a class="share__link share__link--x" href="https://x.com/intent/post?url={{ $url }}&text={{ $title }}" rel="noopener">X</a></li>
        <li><a class="share__link share__link--xing" href="https://www.xing.com/spi/shares/new?url={{ $url }}" rel="noopener">XING</a></li>
        <li><a class="share__link share__link--linkedin" href="https://www.linkedin.com/sharing/share-offsite/?url={{ $url }}" rel="noopener">LinkedIn</a></li>
        <li><a class="share__link share__link--email" href="mailto:?subject={{ $title }}&body={{ $url }}" rel="noopener">Per E-Mail</a></li>
      </ul>
    </div>
  </footer>
  {{- end }}
</article>
{{- if eq .Section "posts" }}
{{- if or .NextInSection .PrevInSection }}
<nav class="post-nav" aria-label="Weitere Beiträge">
  <ul>
    {{- /* Hugo's "previous" is the older post, its "next" the newer one. */}}
    {{- with .PrevInSection }}
    <li class="post-nav__item post-nav__item--previous"><a href="{{ .Permalink }}" rel="prev"><span class="post-nav__label"><span aria-hidden="true">←</span> Älterer Beitrag</span> <span class="post-nav__title">{{ .Title }}</span></a></li>
    {{- end }}
    {{- with .NextInSection }}
    <li class="post-nav__item post-nav__item--next"><a href="{{ .Permalink }}" rel="next"><span class="post-nav__label">Neuerer Beitrag <span aria-hidden="true">→</span></span> <span class="post-nav__title">{{ .Title }}</span></a></li>
    {{- end }}
  </ul>
</nav>
{{- end }}
{{- end }}
{{ end }}
""",
    "404.html": """\
{{ define "title" }}Seite nicht gefunden – {{ site.Title }}{{ end }}
{{ define "head" }}<meta name="robots" content="noindex">{{ end }}
{{ define "main" }}
<section class="not-found">
  <p class="not-found__code" aria-hidden="true">404</p>
  <h1>Seite nicht gefunden</h1>
  <ul class="not-found__links">
    <li><a href="{{ site.Home.Permalink }}">Zur Startseite</a></li>
    <li><a href="{{ "/blog/" | absURL }}">Blog</a></li>
  </ul>
</section>
{{ end }}
""",
    # Like Treffpunkt's Atom feeds: each entry carries the summary and the whole content.
    "rss.xml": """\
{{- $pages := where .RegularPagesRecursive "Section" "posts" -}}
{{- if .IsHome }}{{ $pages = where site.RegularPages "Section" "posts" }}{{ end -}}
{{- $limit := site.Config.Services.RSS.Limit -}}
{{- if ge $limit 1 }}{{ $pages = $pages | first $limit }}{{ end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\" standalone=\\"yes\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ site.Title }} – {{ .Title }}{{ end }}</title>
    <link>{{ .Permalink }}</link>
    <description>{{ site.Params.description }}</description>
    <language>{{ site.Language.Locale }}</language>
    {{- with $pages }}<lastBuildDate>{{ (index . 0).Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</lastBuildDate>{{ end }}
    {{- with .OutputFormats.Get "rss" }}
    {{ printf "<atom:link href=%q rel=\\"self\\" type=%q />" .Permalink .MediaType | safeHTML }}
    {{- end }}
    {{- range $pages }}
    <item>
      <title>{{ .Title }}</title>
      <link>{{ .Permalink }}</link>
      <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
      {{- range .GetTerms "authors" }}<author>{{ .LinkTitle }}</author>{{ end }}
      {{- range .GetTerms "categories" }}<category>{{ .LinkTitle }}</category>{{ end }}
      {{- range .GetTerms "tags" }}<category>{{ .LinkTitle }}</category>{{ end }}
      <guid>{{ .Permalink }}</guid>
      <description>{{ .Summary | transform.XMLEscape | safeHTML }}</description>
      <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">{{ .Content | transform.XMLEscape | safeHTML }}</content:encoded>
    </item>
    {{- end }}
  </channel>
</rss>
""",
}


def write_hugo(root, posts):
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    shutil.copytree(THEME / "static", root / "static")
    for name, text in HUGO_LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "content" / "posts" / "_index.md").write_text('---\ntitle: "Blog"\n---\n', encoding="utf-8")
    for kind, title in (("tags", "Schlagwörter"), ("categories", "Kategorien"), ("authors", "Autorinnen und Autoren")):
        (root / "content" / kind).mkdir()
        (root / "content" / kind / "_index.md").write_text(f"---\ntitle: {yaml_string(title)}\n---\n", encoding="utf-8")
    for title, slug, body in PAGES:
        (root / "content" / f"{slug}.md").write_text(
            f"---\ntitle: {yaml_string(title)}\nslug: {slug}\n---\n{body}", encoding="utf-8")
    for p in posts:
        # Hugo reads neither `YYYY-MM-DD HH:MM` nor a time without seconds; the time zone is hugo.toml's.
        date = p["date"].replace(" ", "T") + ":00" if " " in p["date"] else p["date"]
        fm = [f"title: {yaml_string(p['title'])}", f"date: {date}", f"slug: {p['slug']}"]
        if p["updated"]:
            fm.append(f"lastmod: {p['updated']}")
        fm += [f"authors: {yaml_list([p['author']])}", f"tags: {yaml_list(p['tags'])}",
               f"categories: {yaml_list([p['category']])}"]
        if p["summary"]:
            fm.append(f"summary: {yaml_string(p['summary'])}")
        if p["draft"]:
            fm.append("draft: true")
        text = "---\n" + "\n".join(fm) + "\n---\n" + p["body_hugo"]
        (root / "content" / "posts" / f"{p['day'].isoformat()}-{p['slug']}.md").write_text(text, encoding="utf-8")


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit():
        sys.exit("usage: generate.py N DIR")
    n, out = int(argv[1]), Path(argv[2])
    for name in ("treffpunkt", "hugo"):
        if (out / name).exists():
            shutil.rmtree(out / name)
    posts = make_posts(n, random.Random(SEED))
    write_treffpunkt(out / "treffpunkt", posts)
    write_hugo(out / "hugo", posts)
    words = sum(len(p["body_tp"].split()) for p in posts)
    drafts = sum(p["draft"] for p in posts)
    print(f"Generated {n} posts ({drafts} drafts, {words} words) into {out}/treffpunkt and {out}/hugo")


if __name__ == "__main__":
    main(sys.argv)
