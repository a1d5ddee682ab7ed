"""The grade sheet: the grades typed and the verdicts they give, drawn as one element.

Streamlit's frontend redraws its whole element tree on each rerun, at a cost that grows
with the page (docs/performance.md, the sized floor), and its data editor waits 150 ms
before it sends an edit. Here one element holds a labelled field per course and the
year's and each unit's verdict: an edit sends at once, and its answer is this one
element's new data. The page decides nothing here; it gives the texts (already in the
app's language) and stores what comes back.

Outside text is text: the script below writes every text with `textContent`, never as
markup, and what the browser sends back is checked (`read_typed`) before anything reads it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

import streamlit as st

from ui.browser_store import KEEP_OUTSIDE_JS
from ui.i18n import t

Tone = Literal["green", "blue", "orange", "red"]
MAX_CHARS = 12  # what a grade field takes (as the form's)


@dataclass(frozen=True)
class Row:
    """A course's field: `label` is its accessible name, `value` the grade as shown."""

    course: str
    name: str
    unit: str
    label: str
    absent_label: str
    value: str
    absent: bool


@dataclass(frozen=True)
class Badge:
    tone: Tone
    text: str
    icon: str | None = None  # a Material Symbols name, drawn beside the text, not read out


@dataclass(frozen=True)
class Fact:
    """A labelled line, « Session 1 : » then « Validée », `tone` colouring the value."""

    label: str
    text: str
    tone: Tone | None = None
    icon: str | None = None  # as Badge.icon


@dataclass(frozen=True)
class Card:
    unit: str
    name: str
    badge: Badge
    verdicts: tuple[Fact, ...]
    figures: tuple[str, ...]
    explanations: tuple[str, ...]


@dataclass(frozen=True)
class Banner:
    """The year's verdict: `tone` green (validated), red (failed) or blue (pending)."""

    tone: Tone
    verdict: Fact
    badge: Badge
    message: str


@dataclass(frozen=True)
class Headers:
    course: str
    grade: str
    absent: str


Typed = list[tuple[str, str, bool]]


def field_label(course: str, unit: str, session: int, lang: str) -> str:
    """A grade field's name (the sheet's and the form's): its course and unit, and the
    session when it is the second, so that no two fields on the page share a name. The
    catalogue's own names, not escaped: this is the field's accessible name, where an
    escape would be read out as a backslash."""
    name = f"{course} ({unit})"
    return name if session == 1 else f"{name}, {t('session2', lang)}"


_CSS = """
.m2-sheet {
  font-family: var(--st-font, sans-serif); color: var(--st-text-color, #0e1117);
  font-size: 1rem; line-height: 1.5;
}
.m2-sheet table.entry { border-collapse: collapse; width: 100%; max-width: 40rem; }
.m2-sheet table.entry { margin-bottom: 1rem; }
.m2-sheet table.entry th, .m2-sheet table.entry td {
  text-align: left; padding: 0.25rem 0.5rem;
  border-bottom: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
}
.m2-sheet table.entry thead th { font-weight: 600; font-size: 0.875rem; }
.m2-sheet table.entry tr.unit th {
  font-weight: 600; padding-top: 0.75rem;
  background: var(--st-secondary-background-color, #f0f2f6);
}
.m2-sheet table.entry th[scope="row"] { font-weight: 400; }
.m2-sheet table.entry td.grade { width: 6.5rem; }
.m2-sheet table.entry td.absent { width: 4.5rem; text-align: center; }
.m2-sheet input.grade {
  box-sizing: border-box; width: 100%; font: inherit; padding: 0.25rem 0.5rem;
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.4)); border-radius: 0.5rem;
  background: var(--st-background-color, #fff); color: inherit;
}
.m2-sheet input:focus-visible {
  outline: 2px solid var(--st-primary-color, #1f5fa8); outline-offset: 1px;
}
.m2-sheet input.absent {
  width: 1.25rem; height: 1.25rem; accent-color: var(--st-primary-color, #1f5fa8);
}
.m2-sheet .year { border-radius: 0.5rem; padding: 0.75rem 1rem; margin: 0 0 1rem; }
.m2-sheet .year.green { background: rgba(33, 195, 84, 0.12); }
.m2-sheet .year.red { background: rgba(255, 43, 43, 0.10); }
.m2-sheet .year.blue { background: rgba(28, 131, 225, 0.10); }
.m2-sheet .card {
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2)); border-radius: 0.5rem;
  padding: 0.75rem 1rem; margin: 0 0 1rem;
}
.m2-sheet .card p, .m2-sheet .year p { margin: 0; }
.m2-sheet .name, .m2-sheet .verdict { font-weight: 600; }
.m2-sheet .badge {
  display: inline-block; border-radius: 0.5rem; padding: 0 0.4rem; margin-left: 0.4rem;
  font-size: 0.875rem; font-weight: 400;
}
.m2-sheet .badge.green { background: rgba(33, 195, 84, 0.18); }
.m2-sheet .badge.blue { background: rgba(28, 131, 225, 0.16); }
.m2-sheet .badge.orange { background: rgba(255, 164, 33, 0.25); }
.m2-sheet .tone-green { color: #13702f; }
.m2-sheet .tone-red { color: #b3261e; }
.m2-sheet .tone-orange { color: #8a4b00; }
.m2-sheet .figures { font-size: 0.875rem; margin: 0.25rem 0; }
.m2-sheet .icon {
  font-family: "Material Symbols Rounded"; font-weight: 400; font-style: normal;
  font-size: 1.1em; line-height: 1; vertical-align: -0.15em; margin-right: 0.2em;
  -webkit-font-feature-settings: "liga"; font-feature-settings: "liga";
}
"""

_JS = (
    f"const SHEET_CSS = {json.dumps(_CSS)};\n"
    + KEEP_OUTSIDE_JS
    + """
export default function ({ data: text, setTriggerValue, parentElement }) {
  const data = JSON.parse(text);  // sent as text: see sheet()
  // The sheet's styles, added to the page once (scoped by the .m2-sheet class): a
  // stylesheet given to Streamlit would be set again on every edit.
  if (!document.getElementById("m2-sheet-style")) {
    const style = el("style", "", SHEET_CSS);
    style.id = "m2-sheet-style";
    document.head.append(style);
  }
  let root = parentElement.querySelector(".m2-sheet");
  if (!root) {
    root = document.createElement("div");
    root.className = "m2-sheet";
    // A live region made once: a screen reader hears the year's verdict change.
    root.__status = el("div");
    root.__status.setAttribute("role", "status");
    root.__cards = el("div");
    root.append(root.__status, root.__cards);
    parentElement.appendChild(root);
  }
  root.__send = setTriggerValue;
  rows(root, data);
  verdicts(root.__status, root.__cards, data);
  if (data.outside) keepOutside(data.outside);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function typed(root) {
  return [...root.querySelectorAll("tr[data-course]")].map((tr) => [
    tr.dataset.course, tr.querySelector("input.grade").value,
    tr.querySelector("input.absent").checked,
  ]);
}

function send(root) {
  const now = typed(root);
  const text = JSON.stringify(now);
  if (text === root.__sent) return;
  root.__sent = text;
  root.__send("edit", now);
}

// A column pasted from a spreadsheet: one line per course, from this one down.
function paste(root, input, event) {
  const text = event.clipboardData ? event.clipboardData.getData("text") : "";
  if (!/[\\n\\t]/.test(text.trim())) return;
  event.preventDefault();
  const fields = [...root.querySelectorAll("input.grade")];
  const lines = text.replace(/\\r/g, "").replace(/\\n+$/, "").split("\\n");
  lines.forEach((line, i) => {
    const field = fields[fields.indexOf(input) + i];
    if (field) field.value = line.split("\\t")[0].trim().slice(0, field.maxLength);
  });
  send(root);
}

function rows(root, data) {
  let table = root.querySelector("table.entry");
  const shape = JSON.stringify([data.headers, data.rows.map((r) => [r.course, r.label, r.unit])]);
  if (!data.rows.length) { if (table) table.remove(); return; }
  if (!table || table.__shape !== shape) {
    if (table) table.remove();
    table = el("table", "entry");
    table.__shape = shape;
    const head = el("tr");
    for (const text of [data.headers.course, data.headers.grade, data.headers.absent]) {
      const th = el("th", "", text);
      th.scope = "col";
      head.append(th);
    }
    const thead = el("thead");
    thead.append(head);
    table.append(thead);
    // One row group per unit, headed by its name.
    let body = null, unit = null;
    data.rows.forEach((r) => {
      if (body === null || r.unit !== unit) {
        unit = r.unit;
        body = table.appendChild(el("tbody"));
        const tr = el("tr", "unit");
        const th = el("th", "", unit);
        th.colSpan = 3;
        th.scope = "rowgroup";
        tr.append(th);
        body.append(tr);
      }
      const tr = el("tr");
      tr.dataset.course = r.course;
      const name = el("th", "", r.name);
      name.scope = "row";
      const field = el("input", "grade");
      Object.assign(field, { type: "text", inputMode: "decimal", maxLength: data.max_chars,
        autocomplete: "off" });
      field.setAttribute("aria-label", r.label);
      field.addEventListener("keydown", (e) => { if (e.key === "Enter") send(root); });
      field.addEventListener("change", () => send(root));
      field.addEventListener("paste", (e) => paste(root, field, e));
      const box = el("input", "absent");
      box.type = "checkbox";
      box.setAttribute("aria-label", r.absent_label);
      box.addEventListener("change", () => send(root));
      const grade = el("td", "grade");
      const absent = el("td", "absent");
      grade.append(field);
      absent.append(box);
      tr.append(name, grade, absent);
      body.append(tr);
    });
    root.insertBefore(table, root.firstChild);
  }
  // The server's values, except in a field it has not changed since it last said: what
  // the student is typing elsewhere is not overwritten by an answer to another edit.
  for (const r of data.rows) {
    const tr = table.querySelector(`tr[data-course="${CSS.escape(r.course)}"]`);
    const field = tr.querySelector("input.grade"), box = tr.querySelector("input.absent");
    if (field.__server !== r.value) { field.value = r.value; field.__server = r.value; }
    if (box.__server !== r.absent) { box.checked = r.absent; box.__server = r.absent; }
  }
  // What the server holds, not what the fields show: a field typed in but not yet sent
  // while another edit's answer came back is still sent on its own Enter.
  root.__sent = JSON.stringify(data.rows.map((r) => [r.course, r.value, r.absent]));
}

// Streamlit's own icon font (served by the app); the icon's name is not read out.
function icon(name, className) {
  const span = el("span", "icon " + (className || ""), name);
  span.setAttribute("aria-hidden", "true");
  return span;
}

function fact(f) {
  const p = el("p");
  p.append(el("span", "", f.label));
  if (f.icon) p.append(icon(f.icon, f.tone ? "tone-" + f.tone : ""));
  p.append(el("span", f.tone ? "verdict tone-" + f.tone : "", f.text));
  return p;
}

function badge(b) {
  const span = el("span", "badge " + b.tone);
  if (b.icon) span.append(icon(b.icon));
  span.append(b.text);
  return span;
}

function verdicts(status, cards, data) {
  status.replaceChildren();
  status.className = data.year ? "year " + data.year.tone : "";
  if (data.year) {
    const p = fact(data.year.verdict);
    p.append(badge(data.year.badge));
    status.append(p, el("p", "", data.year.message));
  }
  // Only the cards whose text changed are built again: an edit changes one or two.
  const kept = new Map([...cards.children].map((node) => [node.__text, node]));
  cards.replaceChildren(...data.cards.map((c) => {
    const text = JSON.stringify(c);
    if (kept.has(text)) return kept.get(text);
    const card = el("section", "card");
    card.__text = text;
    card.setAttribute("aria-label", c.name);
    const head = el("p");
    head.append(el("span", "name", c.name), badge(c.badge));
    card.append(head, ...c.verdicts.map(fact));
    if (c.figures.length) card.append(el("p", "figures", c.figures.join(" · ")));
    card.append(...c.explanations.map((line) => el("p", "", line)));
    return card;
  }));
}
"""
)

# In the page's own DOM, not a shadow root: the browser's find, a screen reader's reading
# order and the tests read it as the rest of the page (the styles are scoped by class).
_sheet = st.components.v2.component("m2_grade_sheet", js=_JS, isolate_styles=False)


def sheet(
    key: str,
    *,
    rows: Sequence[Row] = (),
    headers: Headers | None = None,
    year: Banner | None = None,
    cards: Sequence[Card] = (),
    on_edit: Callable[[Typed], None] | None = None,
    outside: dict[str, object] | None = None,
) -> None:
    """Draw the sheet. `on_edit(typed)` runs in the edit's callback with each field's
    text and « absent », in row order, once checked. `outside`: browser_store.outside()
    data the sheet's script also keeps (a fragment run's address bar and browser copy)."""
    courses = [r.course for r in rows]

    def edited() -> None:
        value = st.session_state[key]
        typed = read_typed(value.get("edit") if hasattr(value, "get") else None, courses)
        if typed is not None and on_edit is not None:
            on_edit(typed)

    data = {
        "max_chars": MAX_CHARS,
        "headers": asdict(headers) if headers else None,
        "rows": [asdict(r) for r in rows],
        "year": asdict(year) if year is not None else None,
        "cards": [asdict(c) for c in cards],
        "outside": outside,
    }
    # As JSON text: of a dict, Streamlit hashes a key-sorted copy (for an identity this
    # keyed element does not use) and looks for dataframes in it, each edit; a text is
    # hashed as it is.
    _sheet(key=key, data=json.dumps(data, ensure_ascii=False), on_edit_change=edited)


def read_typed(value: object, courses: Sequence[str]) -> Typed | None:
    """What the browser sent, if it is one [course, text, absent] per row in order."""
    if not isinstance(value, list) or len(value) != len(courses):
        return None
    typed: Typed = []
    for item, course in zip(value, courses, strict=True):
        if not (isinstance(item, list) and len(item) == 3 and item[0] == course):
            return None
        text, absent = item[1], item[2]
        if not isinstance(text, str) or not isinstance(absent, bool):
            return None
        typed.append((course, text[:MAX_CHARS], absent))
    return typed
