"""Command line: `python -m planner catalogue|evaluate|calendar|check-catalogue|schema`.

A contract outside scripts rely on: `--json` output shapes are stable, bad input exits
with status 2 and one line on stderr naming the problem, an output that cannot be written
with status 3; never a traceback. check-catalogue names each problem of a programme file
by its field ("units.3.choose.max: …", joined by " | " on that one line), and a valid
file's warnings (planner.programme_checks) on stderr, one line each ("warning: …"),
before its OK on stdout and status 0.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from planner import __version__, texts
from planner.catalogue import (
    CATALOGUE_DIR,
    Catalogue,
    CatalogueError,
    Figure,
    Programme,
    json_schema,
    load_catalogue,
    load_programme_file,
)
from planner.engine import SessionVerdict
from planner.evaluation import (
    Evaluation,
    access_text,
    courses_kept_text,
    evaluate,
    problem_text,
    rules_status,
    semesters_text,
    to_contract,
)
from planner.group_minimums import route_text
from planner.limits import TooLarge, escape_controls, quote, read_at_most, shorten
from planner.messages import Lang, number, sum_text
from planner.own import scenario_programme
from planner.programme_checks import programme_warnings
from planner.rules.components import minimum_text, retake_name, uniform_minimum_lines
from planner.rules.status import rule_status
from planner.scenario import MAX_GRADES, MAX_JSON_BYTES, Scenario, ScenarioError
from planner.solver import UnitMinimums
from planner.texts import DEFAULT_LANG, LANGS

EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        self.exit(EXIT_BAD_INPUT, f"error: {message} (see --help)\n")


def _figure(f: Figure) -> float | None:
    return f.value


def _conflict(f: Figure, lang: Lang) -> dict[str, object] | None:
    """Another value the source gives for the same figure (PPR Alternance 1: 9 vs 3 ECTS),
    with where it gives it in `lang` (the file has both languages)."""
    if f.conflict is None:
        return None
    return {"value": f.conflict.value, "where": f.conflict.where.text(lang)}


def catalogue_json(catalogue: Catalogue, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
    return {
        "programmes": [
            {
                "id": p.id,
                "name": p.name,
                "academic_year": p.academic_year,
                "grade_scale": p.grade_scale.max,
                "grade_scale_status": p.grade_scale.status,
                "rules_status": rule_status(p, p.rules.status),
                "tracks": [{"id": t.id, "name": t.name} for t in p.tracks],
                "options": [{"id": o.id, "name": o.name} for o in p.options],
                "units": [
                    {
                        "id": u.id,
                        "name": u.name,
                        "kind": u.kind,
                        "semester": u.semester,
                        "ects": _figure(u.ects),
                        "ects_status": u.ects.status,
                        "conflict": _conflict(u.ects, lang),
                        "tracks": list(u.tracks),
                        "options": list(u.options),
                        "choose": u.choose.model_dump() if u.choose else None,
                        "courses": [
                            {
                                "id": c.id,
                                "name": c.name,
                                "ects": _figure(c.ects),
                                "lecture_hours": _figure(c.lecture_hours),
                                "tutorial_hours": _figure(c.tutorial_hours),
                                "conflict": _conflict(c.ects, lang),
                                "status": {
                                    "ects": c.ects.status,
                                    "lecture_hours": c.lecture_hours.status,
                                    "tutorial_hours": c.tutorial_hours.status,
                                },
                            }
                            for c in map(p.course, u.courses)
                        ],
                    }
                    for u in p.units
                ],
            }
            for p in catalogue.programmes
        ]
    }


def _catalogue_text(catalogue: Catalogue, lang: Lang) -> str:
    lines = []
    for p in catalogue.programmes:
        lines.append(
            texts.text(
                "cli.catalogue_programme",
                lang,
                id=p.id,
                name=p.name,
                year=p.academic_year,
                max=p.grade_scale.max,
            )
        )
        if p.tracks:
            items = ", ".join(f"{t.id} ({t.name})" for t in p.tracks)
            lines.append(texts.text("cli.catalogue_tracks", lang, items=items))
        if p.options:
            items = ", ".join(f"{o.id} ({o.name})" for o in p.options)
            lines.append(texts.text("cli.catalogue_options", lang, items=items))
        for u in p.units:
            ects = (
                texts.text("fig_ects", lang, amount=u.ects.value)
                if u.ects.value is not None
                else texts.text("ects_unknown", lang)
            )
            scope = "/".join((*u.tracks, *u.options)) or texts.text("cli.catalogue_everyone", lang)
            line = texts.text(
                "cli.catalogue_unit", lang, id=u.id, name=u.name, scope=scope, ects=ects
            )
            if u.choose:
                line += texts.text(
                    "cli.catalogue_choose", lang, low=u.choose.min, high=u.choose.max
                )
            lines.append(line)
            for c in map(p.course, u.courses):
                lines.append(f"      {c.id}{texts.colon(lang)}{c.name}")
    return "\n".join(lines)


# Texts picked by a value, each id written out whole (tests/unit/test_texts.py finds every
# id used by reading the code).
STATES = {True: "cli.VALIDATED", False: "cli.FAILED", None: "cli.PENDING"}
RULE_STATUSES = {
    "published": "verdict_published",
    "assumed": "cli.assumed",
    "chosen": "cli.chosen",
    "entered": "cli.entered",
}
RULES_STATUS_LINES = {
    "published": "cli.rules_published",
    "assumed": "cli.rules_assumed",
    "mixed": "cli.rules_mixed",
    "chosen": "cli.rules_chosen",
    "entered": "cli.rules_entered",
}


def json_text(data: object) -> str:
    """`data` as strict JSON: Infinity and NaN are not JSON, and scripts reading the output
    choke on them. The programme files' bounds keep them out; should one get through, the
    command refuses its input instead of printing it."""
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise CatalogueError("the output would hold a number that is not finite") from None


def component_minimum(
    programme: Programme, evaluation: Evaluation, minimums: UnitMinimums, lang: Lang
) -> str | None:
    """A unit's minimum said of the component to sit, where it rests on one course graded
    by components; None otherwise."""
    found = minimums.uniform
    if len(found.courses) != 1 or found.value is None:
        return None
    text = minimum_text(
        programme,
        found.courses[0],
        found.value,
        minimums.session,
        evaluation.scenario.grades,
        lang,
    )
    return None if text is None else texts.text("cli.minimum_component", lang, text=text)


def _report(programme: Programme, evaluation: Evaluation, lang: Lang) -> str:
    """The text report, entirely in `lang` (labels, numbers with a decimal comma in French)."""
    s = evaluation.scenario
    t = evaluation.totals

    # Names, never ids: of the track and option, the courses, the units.
    def courses(ids: Sequence[str]) -> str:
        return ", ".join(programme.course(c).name for c in ids)

    head = [programme.name]
    for chosen, items in ((s.track, programme.tracks), (s.option, programme.options)):
        head += [item.name for item in items if item.id == chosen]
    lines = [" · ".join(head)]
    # A sum with a part not published reads "39 + ?", never "39".
    hours = ", ".join(
        texts.text("cli.hours", lang, value=sum_text(a.value, bool(a.missing), lang), kind=kind)
        if a.value is not None
        else texts.text("cli.hours_unknown", lang, kind=kind)
        for a, kind in ((t.lecture_hours, "CM"), (t.tutorial_hours, "TD"))
    )
    ects = sum_text(t.ects.value, bool(t.ects.missing), lang)
    lines.append(texts.text("cli.total", lang, ects=ects, hours=hours))
    if t.incomplete:
        units = ", ".join(programme.unit(u).name for u in t.incomplete)
        lines.append(texts.text("cli.incomplete", lang, items=units))
    lines.append(texts.text(RULES_STATUS_LINES[rules_status(evaluation)], lang))
    for p in evaluation.problems:
        lines.append(f"! {problem_text(p, lang)}")

    def verdict(v: SessionVerdict) -> str:
        state = texts.text(STATES[v.validated], lang)
        return f"{state} ({texts.text(RULE_STATUSES[v.status], lang)})"

    colon = texts.colon(lang)
    for r in evaluation.units:
        lines.append(f"{r.name}{colon}{texts.text('cli.session1', lang)} {verdict(r.session1)}")
        lines.append(f"    {r.session1.explanation(lang)}")
        if r.retakes:
            # A course graded by components retakes its retaken components: named so.
            retaken = ", ".join(retake_name(programme, c, lang) for c in r.retakes)
            lines.append(texts.text("cli.retakes", lang, items=retaken))
        # A unit without session 2 has no session-2 verdict: its session 1 says so.
        if (held := r.session2_held) is not None:
            session2 = texts.text("cli.session2", lang)
            lines.append(f"  {session2} {verdict(held)}{colon}{held.explanation(lang)}")
        if r.compensation is not None:
            lines.append(
                texts.text("cli.compensation", lang, text=r.compensation.message.text(lang))
                + f" ({texts.text(RULE_STATUSES[r.compensation.status], lang)})"
            )
        if (access := access_text(r, lang)) is not None:  # behind a prerequisite
            lines.append(texts.text("cli.access", lang, text=access))
        if r.code is not None:
            acquired = sum_text(r.ects_acquired, r.ects_acquired_incomplete, lang)
            lines.append(texts.text("cli.result", lang, code=r.code, ects=acquired))
        if (kept := courses_kept_text(r, lang)) is not None:  # a unit not validated
            lines.append(
                texts.text("cli.courses_kept", lang, kept=kept, courses=courses(r.courses_acquired))
            )
        m = evaluation.minimums_for(r.unit)
        if m and m.uniform.status == "needed":
            # A course graded by components: the grade its component to sit needs.
            line = component_minimum(programme, evaluation, m, lang) or texts.text(
                "cli.minimum",
                lang,
                items=courses(m.uniform.courses),
                value=number(m.uniform.rounded_up, lang),
            )
            if r.rule.floor_holds(m.uniform.value):  # the floor asks it, not the mean
                line += texts.text("need_floor", lang)
            lines.append(route_text(m.uniform, line, programme, lang))
            # Several courses, one graded by components: what each needs, said of what is sat.
            each = uniform_minimum_lines(
                programme, m.uniform.courses, m.uniform.value, m.session, s.grades, lang
            )
            if each is not None and len(m.uniform.courses) > 1:
                lines += [f"      - {text}" for text in each] or [
                    "      - " + texts.text("need_components_each", lang)
                ]
        elif m and m.uniform.status == "any_grade":
            lines.append(
                route_text(m.uniform, texts.text("cli.minimum_any", lang), programme, lang)
            )
        elif m and m.uniform.status == "impossible":
            lines.append(texts.text("cli.minimum_impossible", lang))
        elif m and m.uniform.status == "too_many":  # more work than a plan is allowed
            lines.append(texts.text("cli.minimum_too_many", lang))
        elif r.not_allowed:
            lines.append(texts.text("cli.minimum_not_allowed", lang))
    year = evaluation.year
    lines.append(
        texts.text(
            "cli.year",
            lang,
            state=f"{texts.text(STATES[year.validated], lang)}"
            f" ({texts.text(RULE_STATUSES[year.status], lang)})",
            text=year.message.text(lang),
        )
    )
    if (semesters := semesters_text(evaluation, lang)) is not None:
        lines.append(texts.text("semesters_codes", lang, semesters=semesters))
    ects = sum_text(year.ects_acquired, year.ects_acquired_incomplete, lang)
    if year.code is not None:
        lines.append(texts.text("cli.year_result", lang, code=year.code, ects=ects))
    else:
        lines.append(texts.text("cli.year_result_pending", lang, ects=ects))
    return "\n".join(lines)


def _read_scenario(path: str) -> Scenario:
    # At most the cap plus one byte, from a file, a pipe or a device alike.
    try:
        data = read_at_most(sys.stdin.buffer if path == "-" else Path(path), MAX_JSON_BYTES)
    except FileNotFoundError:
        raise ScenarioError("refusal.no_such_file", path=path) from None
    except IsADirectoryError:
        raise ScenarioError("refusal.is_a_folder", path=path) from None
    except TooLarge:
        raise ScenarioError(
            "refusal.file_too_large", path=path, kb=MAX_JSON_BYTES // 1024
        ) from None
    except OSError as error:
        raise ScenarioError("refusal.unreadable", path=path, why=error.strerror) from None
    try:
        return Scenario.from_json(data)
    except ScenarioError as error:
        raise ScenarioError("refusal.in_file", path=path, reason=error) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; output problems (a closed pipe, a full disk) end it with one line."""
    try:
        code = _run(argv)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        # `... | head`: the reader has what it wanted. Point stdout at /dev/null so that
        # the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(texts.text("cli.cannot_write", DEFAULT_LANG, why=error.strerror), file=sys.stderr)
        return EXIT_OUTPUT


def _run(argv: Sequence[str] | None) -> int:
    parser = _Parser(prog="python -m planner", description=__doc__)
    parser.add_argument("--version", action="version", version=f"m2-planner {__version__}")
    parser.add_argument(
        "--catalogue-dir", type=Path, default=CATALOGUE_DIR, help="folder of programme files"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_cat = sub.add_parser("catalogue", help="list programmes, units and courses")
    p_cat.add_argument("--json", action="store_true")
    p_cat.add_argument(
        "--lang", choices=LANGS, default=DEFAULT_LANG, help="language of the listing"
    )
    p_eval = sub.add_parser("evaluate", help="judge a scenario file ('-' for stdin)")
    p_eval.add_argument("scenario")
    p_eval.add_argument("--json", action="store_true")
    p_eval.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)
    p_eval.add_argument(
        "--catalogue",
        type=Path,
        default=None,
        metavar="PATH",
        help="a programme file or a folder of them (default: the shipped catalogue), to try "
        "a programme file before it ships",
    )
    p_check = sub.add_parser("check-catalogue", help="validate a programme file")
    p_check.add_argument("file", type=Path)
    p_check.add_argument(
        "--lang", choices=LANGS, default=DEFAULT_LANG, help="language of the problems found"
    )
    sub.add_parser("schema", help="print the JSON Schema of programme files")
    p_ics = sub.add_parser("calendar", help="the programme's dated events as an .ics file")
    p_ics.add_argument("programme")
    p_ics.add_argument("--track", help="include this track's own events")
    p_ics.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)
    p_ics.add_argument("--ics", type=Path, help="write the file here (default: stdout)")
    args = parser.parse_args(argv)

    try:
        if args.command == "check-catalogue":
            programme = load_checked_programme(args.file)
            # What may be a slip but is valid (a course in no unit): said, not refused.
            for finding in programme_warnings(programme):
                line = escape_controls(finding.line(args.lang))
                print(texts.text("cli.warning", args.lang, reason=line), file=sys.stderr)
            print(
                texts.text(
                    "cli.check_ok",
                    args.lang,
                    path=args.file,
                    programme=programme.id,
                    units=len(programme.units),
                    courses=len(programme.courses),
                )
            )
            return 0
        if args.command == "schema":
            print(json_text(json_schema()))
            return 0
        catalogue = _catalogue_at(getattr(args, "catalogue", None) or args.catalogue_dir)
        if args.command == "catalogue":
            if args.json:
                print(json_text(catalogue_json(catalogue, args.lang)))
            else:
                print(terminal(_catalogue_text(catalogue, args.lang)))
            return 0
        if args.command == "calendar":
            return calendar_command(catalogue, args.programme, args.track, args.lang, args.ics)
        scenario = _read_scenario(args.scenario)
        # The programme the plan carries, if any (built in the app), else the catalogue's.
        programme = scenario_programme(scenario, catalogue)
        if programme is None:
            raise ScenarioError(
                "refusal.unknown_programme_known",
                programme=quote(scenario.programme),
                ids=", ".join(catalogue.ids),
            )
        evaluation = evaluate(programme, scenario)
        if args.json:
            print(json_text(to_contract(evaluation, args.lang)))
        else:
            print(terminal(_report(programme, evaluation, args.lang)))
        return 0
    except (ScenarioError, CatalogueError) as error:
        # In the language asked for, where the command takes one: a scenario's refusal,
        # a programme's findings (a file that cannot be read is said in English).
        lang = getattr(args, "lang", DEFAULT_LANG)
        print(texts.text("cli.error", lang, reason=one_line(error.text(lang))), file=sys.stderr)
        return EXIT_BAD_INPUT


def calendar_command(
    catalogue: Catalogue, programme_id: str, track: str | None, lang: Lang, ics: Path | None
) -> int:
    """Writes the .ics (to a file, or stdout); says on stderr which events were left out."""
    from planner.outputs.ics import NothingDated, dated_events, programme_ics, undated_events

    programme = catalogue.get(programme_id)
    if programme is None:
        raise ScenarioError(
            "refusal.unknown_programme_known",
            programme=repr(programme_id),
            ids=", ".join(catalogue.ids),
        )
    tracks = [t.id for t in programme.tracks]
    if track is not None and track not in tracks:
        known = ", ".join(tracks) or "none"
        raise ScenarioError(
            "refusal.no_track", programme=programme_id, track=repr(track), ids=known
        )
    undated = ", ".join(e.name for e in undated_events(programme, track))
    try:
        data = programme_ics(programme, track, lang, dt.datetime.now(dt.UTC))
    except NothingDated:
        key = "refusal.nothing_dated_undated" if undated else "refusal.nothing_dated"
        raise ScenarioError(key, programme=programme.id, undated=undated) from None
    if ics is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            ics.write_bytes(data)
        except OSError as error:  # an output problem, like a full disk: status 3
            print(
                texts.text("cli.cannot_write_file", lang, path=ics, why=error.strerror),
                file=sys.stderr,
            )
            return EXIT_OUTPUT
        count = len(dated_events(programme, track))
        print(texts.text("cli.events_written", lang, path=ics, n=count))
    if undated:
        print(terminal(texts.text("cli.undated_left_out", lang, names=undated)), file=sys.stderr)
    return 0


def _catalogue_at(path: Path) -> Catalogue:
    """The programmes of a folder, or the one programme of a file. Any but the shipped
    catalogue (checked by the tests) is also put through check_programme, as by
    check-catalogue."""
    if path.is_dir():
        catalogue = load_catalogue(path)
        if path.resolve() != CATALOGUE_DIR.resolve():
            for programme in catalogue.programmes:
                check_programme(programme, f"{path} ({programme.id})")
        return catalogue
    if not path.exists():
        raise CatalogueError(f"{path}: no such file or folder")
    return Catalogue(programmes=(load_checked_programme(path),))


def load_checked_programme(path: Path) -> Programme:
    """A programme file as check-catalogue judges it and as `--catalogue` reads it: valid
    (load_programme_file), then usable by every command (check_programme). Both call this
    one function, so a file check-catalogue accepts is never refused, nor crashes, later."""
    programme = load_programme_file(path)
    check_programme(programme, str(path))
    return programme


def _plans(programme: Programme) -> list[Scenario]:
    """For each track and option: the empty plan, and every course graded 0, then at the
    top of the scale (the extremes every verdict, mean and minimum lies between)."""
    courses = tuple(c.id for c in programme.courses)[:MAX_GRADES]
    plans = []
    for track in [t.id for t in programme.tracks] or [None]:
        for option in [o.id for o in programme.options] or [None]:
            plan = {"programme": programme.id, "track": track, "option": option}
            plans.append(Scenario(**plan))
            for grade in (0.0, programme.grade_scale.max):
                grades = dict.fromkeys(courses, grade)
                plans.append(Scenario(**plan, choices=courses, grades=grades))
    return plans


def check_programme(programme: Programme, where: str) -> None:
    """Run on a valid programme what the commands run on one, in both languages: its
    listing (text and --json), the evaluation of _plans (text report and --json) and its
    calendar for each track. The models' bounds should make every step succeed; a step that
    fails anyway is refused here, naming it, rather than later by a traceback."""
    from planner.outputs.ics import NothingDated, programme_ics

    step = "catalogue"
    try:
        listed = Catalogue(programmes=(programme,))
        for lang in LANGS:
            _catalogue_text(listed, lang)
            json_text(catalogue_json(listed, lang))
        for scenario in _plans(programme):
            step = f"evaluate (track {scenario.track}, option {scenario.option})"
            evaluation = evaluate(programme, scenario)
            for lang in LANGS:
                _report(programme, evaluation, lang)
                json_text(to_contract(evaluation, lang))
        for track in [None, *(t.id for t in programme.tracks)]:
            step = f"calendar (track {track})"
            for lang in LANGS:
                with contextlib.suppress(NothingDated):
                    programme_ics(programme, track, lang, dt.datetime.now(dt.UTC))
    except (CatalogueError, ScenarioError) as error:
        raise CatalogueError(f"{where}: {step}: {error}") from None
    except Exception as error:  # what the models let through and a command cannot use
        raise CatalogueError(
            f"{where}: valid, but {step} fails on it ({type(error).__name__}: {shorten(error, 80)})"
        ) from None


def terminal(text: str) -> str:
    """`text` for a terminal, line by line: a bidirectional override in a programme's
    names (the model refuses the other control characters) is written as an escape, so
    that a name cannot reorder what the terminal shows around it."""
    return "\n".join(escape_controls(line) for line in text.split("\n"))


def one_line(message: str) -> str:
    """The CLI's contract is one line per error: several problems are joined with ' | '.
    Control characters that outside text brought in are escaped (a scenario's ids, a
    programme file's keys): they reach a terminal."""
    lines = [" ".join(line.split()) for line in message.splitlines() if line.strip()]
    return escape_controls(" | ".join(lines))
