"""Every name a person writes is text in every output made outside the browser: the PDF,
the .ics file, the command line and the Rules page's statements. The programme is
tests/programmes/m2-fictional-hostile-names.yaml, whose every name, note and source
sentence is markup of some kind (the browser's side: tests/app/test_hostile_programme.py
and tests/e2e/test_hostile_names.py)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from planner.catalogue import CatalogueError, Programme, load_programme_file, parse_programme
from planner.evaluation import Evaluation, evaluate
from planner.group_minimums import route_text
from planner.outputs.cli import main
from planner.outputs.ics import programme_ics
from planner.outputs.report import summary_pdf
from planner.outputs.rules_text import statements
from planner.scenario import Scenario
from planner.solver import MinimumGrade
from tests.unit.support import file_data

PROGRAMME_FILE = (
    Path(__file__).resolve().parents[1] / "programmes" / "m2-fictional-hostile-names.yaml"
)
PDFTOTEXT = shutil.which("pdftotext")
RTL_OVERRIDE = "\u202e"
# Session 1 with UE A and UE D failed: their courses are retaken, and the minimums name
# the units of UE A's compensation group.
GRADES = {"stats/cc": 8, "stats/exam": 4, "proba": 6, "law": 12, "heading": 3, "numbered": 4}


@cache
def hostile() -> Programme:
    return load_programme_file(PROGRAMME_FILE)


PLAN = Scenario(programme="m2-fictional-hostile-names", track="fi", option="o-quote", grades=GRADES)


def judge() -> Evaluation:
    return evaluate(hostile(), PLAN)


def test_the_hostile_programme_names_every_kind_of_thing_with_markup():
    p = hostile()
    group = p.rules.groups[0]
    components = p.course("stats").components
    named = [
        p.name,
        p.institution,
        p.source.title,
        *(t.name for t in p.tracks),
        *(o.name for o in p.options),
        *(u.name for u in p.units),
        *(c.name for c in p.courses),
        *(c.name for c in components),
        group.name,
        *(e.name for e in p.calendar),
    ]
    markup = ("<", "**", "_it_", "](", ":red[", ":material/", "$", "`", "# ", "- ", "> ", "1. ")
    odd = ("\\", "&amp;", "{0}", "%s", "\u200d", RTL_OVERRIDE)
    unmarked = [n for n in named if not any(m in (n or "") for m in markup + odd)]
    assert unmarked == []
    assert p.notes and all("<" in n.en or "# " in n.en for n in p.notes)
    assert group.source and p.rules.units[0].source and p.calendar[2].source


def test_a_name_of_ten_thousand_characters_is_accepted_whole():
    assert len(hostile().course("long").name) == 10_000


@pytest.mark.parametrize(
    ("where", "field"),
    [
        (("courses", 0, "name"), "courses.0.name"),
        (("courses", 0, "components", 0, "name"), "courses.0.components.0.name"),
        (("units", 1, "name"), "units.1.name"),
        (("tracks", 0, "name"), "tracks.0.name"),
        (("options", 1, "name"), "options.1.name"),
        (("calendar", 3, "name"), "calendar.3.name"),
        (("rules", "compensation", 0, "name"), "rules.compensation.0.name"),
        (("source", "title"), "source.title"),
        (("notes", 0, "fr"), "notes.0.fr"),
        (("rules", "units", 0, "source"), "rules.units.0.source"),
    ],
)
def test_a_control_character_is_refused_with_a_message_naming_the_field(where, field):
    data = file_data(PROGRAMME_FILE)
    *path, last = where
    parent = data
    for step in path:
        parent = parent[step]
    parent[last] = "Colour \x1b[31mred"
    with pytest.raises(CatalogueError) as refused:
        parse_programme(data, "built.yaml")
    message = str(refused.value)
    assert f"built.yaml: {field}: " in message
    assert "U+001B" in message
    assert "\x1b" not in message  # the refusal itself never carries it to a terminal


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_rules_statements_keep_the_names_as_written(lang):
    said = statements(hostile(), lang)
    topics = [s.topic for s in said]
    texts = " ".join(s.text for s in said)
    assert hostile().unit("ue-a").name in topics
    assert "Semester <b>3</b> **bold** :red[x]" in texts  # the group, by its name
    sources = [s.source for s in said if s.source]
    assert "# heading source" in sources
    assert "Rule source <img src=x onerror=alert(1)> **bold** [link](https://evil.example)" in (
        sources
    )


def test_a_minimum_for_other_units_writes_their_names_as_its_page_asks():
    # UE B's grade, raised so that UE A (failed) is validated by compensation too.
    minimum = MinimumGrade(("law",), "needed", 14.0, route="group", for_units=("ue-a",))
    as_is = route_text(minimum, "14", hostile(), "en")
    marked = route_text(minimum, "14", hostile(), "en", lambda name: f"«{name}»")
    assert "# heading UE A <b>bold</b>" in as_is  # the command line's text
    assert "«# heading UE A <b>bold</b>»" in marked  # a page's markdown, escaped there


def test_the_calendar_file_escapes_names_as_rfc_5545_says_and_reads_back_as_written():
    from icalendar import Calendar

    data = programme_ics(hostile(), "fi", "en", dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    # TEXT values escape a backslash, a comma and a semicolon (RFC 5545, 3.3.11).
    assert b"SUMMARY:Teaching <b>bold</b>\\, <br>break\\; back\\\\slash" in data
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")]
    assert hostile().calendar[0].name in summaries
    assert "Internship :red[x] <img src=x onerror=alert(1)>" in summaries


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) reads the PDF's text")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_writes_every_name_as_text_never_as_markup(lang, tmp_path):
    evaluation = judge()
    path = tmp_path / "summary.pdf"
    path.write_bytes(summary_pdf(hostile(), evaluation, lang, dt.date(2099, 9, 1)))
    text = " ".join(
        subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True)
        .stdout.decode()
        .split()
    )
    # fpdf2 would have read "**bold**" as bold and "<img>" as an image with markdown or
    # write_html: the characters are on the page as typed.
    assert "M2 <img src=x onerror=alert(1)> **bold** [link](https://evil.example)" in text
    assert "_it_ Probability [link](https://evil.example)" in text
    assert "# heading UE A <b>bold</b>" in text
    assert "Back\\slash \\\\ &amp; &lt;b&gt;" in text


def test_the_catalogue_command_writes_a_right_to_left_override_as_an_escape(capsys, tmp_path):
    folder = tmp_path / "programmes"
    folder.mkdir()
    shutil.copy(PROGRAMME_FILE, folder)
    code = main(["--catalogue-dir", str(folder), "catalogue"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert RTL_OVERRIDE not in out
    assert "rtl: Right \\u202eto-left\\u202c override" in out
    assert "**bold** [link](https://evil.example)" in out  # the rest as written
    assert "👩\u200d👩\u200d👧" in out  # an emoji's joiners are kept


def test_the_evaluate_report_writes_a_right_to_left_override_as_an_escape(capsys, tmp_path):
    folder = tmp_path / "programmes"
    folder.mkdir()
    shutil.copy(PROGRAMME_FILE, folder)
    scenario = tmp_path / "plan.json"
    scenario.write_text(PLAN.to_json(), encoding="utf-8")
    code = main(["--catalogue-dir", str(folder), "evaluate", str(scenario)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert RTL_OVERRIDE not in out
    assert "UE E 👩\u200d👩\u200d👧 \\u202eevil\\u202c" in out
