// The browser side of the app's own elements, one module served by the app itself
// (ui/elements.py loads it by URL, so that an element's update does not carry its script):
// the grade sheet (ui/grade_sheet.py), the browser store (ui/browser_store.py), the
// download button (ui/download.py) and the link's copy button (ui/copy_link.py); and,
// once this module is loaded, one history entry per page and tables that scroll sideways
// reachable with a keyboard (below).
//
// Outside text is text: every text is set with textContent or as an attribute's value,
// never as markup.

// As ui/browser_store.py's STORAGE_KEY, MAX_STORED_CHARS and RESET_KEY (a test holds them
// equal).
const STORAGE_KEY = "m2-planner-saved-scenarios";
const MAX_STORED_CHARS = 524288;
const RESET_KEY = "m2-planner-reset";

// ---- One history entry per page ----------------------------------------------------
//
// Streamlit pushes a history entry when the page changes (its path), and another for each
// change of the query string (st.query_params). The address bar holds the plan, which
// changes on a page switch too (the switch empties the query, the run writes it back):
// Back then took two or three presses per page. A push that stays on the page the
// browser shows replaces its entry instead. Installed when this module is first loaded
// (during the first run's drawing, after that run wrote its address: ui/persistence.py
// has the browser store write that one).
function oneEntryPerPage() {
  const push = window.history.pushState;
  if (push.oneEntryPerPage) return;  // a second copy of this module (a newer one)
  const samePage = function (state, title, url) {
    const target = url == null ? window.location : new URL(url, window.location.href);
    if (target.pathname === window.location.pathname) {
      return window.history.replaceState(state, title, url);
    }
    return push.call(window.history, state, title, url);
  };
  samePage.oneEntryPerPage = true;
  window.history.pushState = samePage;
}

oneEntryPerPage();

// ---- Tables that scroll sideways, reachable with a keyboard ------------------------
//
// On a phone, Compare's tables (st.table) scroll sideways in their own box, which
// Streamlit does not make focusable: a keyboard could not scroll it (axe's
// scrollable-region-focusable). Each such box that overflows is made focusable as it is
// drawn, once per frame at most.
function focusableScrollBoxes() {
  if (window.m2ScrollBoxes) return;  // a second copy of this module
  window.m2ScrollBoxes = true;
  let pending = false;
  const mark = () => {
    pending = false;
    for (const table of document.querySelectorAll("[data-testid='stTable']")) {
      for (const box of [table, ...table.querySelectorAll("div")]) {
        if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
          box.tabIndex = 0;
        }
      }
    }
  };
  const later = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(mark);
    }
  };
  new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", later);
  later();
}

focusableScrollBoxes();

// ---- Widget labels read out as they are drawn --------------------------------------
//
// Streamlit draws a widget's label as markdown, and also gives it, as written, to the
// control as its aria-label (its accessible name): a name escaped for markdown
// (ui/format.py, label_plain: "\*\*bold\*\*") would be read out with its backslashes.
// Each control's label is read as markdown draws it: a backslash before an ASCII
// punctuation character is dropped, as CommonMark does, and so is the invisible word
// joiner the escape puts after a ":" (U+2060, which a screen reader skips anyway). Only
// Streamlit's labelled controls: our own elements (.stBidiComponent) set their labels
// as text, and a chart's aria-label is its sentence, not markdown.
const LABELLED = "input[aria-label], textarea[aria-label], [role='slider'][aria-label]";
const MARKDOWN_ESCAPE = /\\([!-/:-@[-`{-~])|\u2060/g;

function labelsReadAsDrawn() {
  if (window.m2LabelsReadAsDrawn) return;  // a second copy of this module
  window.m2LabelsReadAsDrawn = true;
  let pending = false;
  const read = () => {
    pending = false;
    for (const control of document.querySelectorAll(LABELLED)) {
      const label = control.getAttribute("aria-label");
      // Already read (the same text set back would be read twice: "\\\\" is "\\", then "\").
      if (label === control.m2ReadLabel || control.closest(".stBidiComponent")) continue;
      control.m2ReadLabel = label.replace(MARKDOWN_ESCAPE, "$1");
      if (control.m2ReadLabel !== label) control.setAttribute("aria-label", control.m2ReadLabel);
    }
  };
  const later = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(read);
    }
  };
  new MutationObserver(later).observe(document.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["aria-label"],
  });
  later();
}

labelsReadAsDrawn();

// ---- The grade sheet ---------------------------------------------------------------

export function gradeSheet({ data: text, setTriggerValue, parentElement }) {
  const data = JSON.parse(text);  // sent as text: see ui/grade_sheet.sheet()
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
  // The address bar and the browser's copy once the new verdicts are on screen:
  // history.replaceState takes milliseconds that the student would wait for them.
  if (data.outside) afterPaint(() => keepOutside(data.outside));
}

function afterPaint(task) {
  requestAnimationFrame(() => setTimeout(task, 0));
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

// A field's own edit: its answer may be a refusal of it, brought into view (`refused`).
function sendFrom(root, field) {
  root.__edited = field;
  send(root);
}

function send(root) {
  const now = typed(root);
  const text = JSON.stringify(now);
  if (text === root.__sent) return;
  root.__sent = text;
  root.__send("edit", now);
}

// A column pasted from a spreadsheet: one line per course, from this one down. A line
// ends with \n or \r\n; a lone \r is a space, as the browser pastes it in one field, so
// that "1\r2" is refused as unclear, never joined into 12.
function paste(root, input, event) {
  const text = event.clipboardData ? event.clipboardData.getData("text") : "";
  if (!/[\n\t]/.test(text.trim())) return;
  event.preventDefault();
  const fields = [...root.querySelectorAll("input.grade")];
  const lines = text.replace(/\r\n/g, "\n").replace(/\r/g, " ").replace(/\n+$/, "")
    .split("\n");
  lines.forEach((line, i) => {
    const field = fields[fields.indexOf(input) + i];
    if (field) field.value = line.split("\t")[0].trim().slice(0, field.maxLength);
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
      field.addEventListener("keydown", (e) => { if (e.key === "Enter") sendFrom(root, field); });
      field.addEventListener("change", () => sendFrom(root, field));
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
      body.append(tr, refusalRow(tr));
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
    refused(tr, field, r.refusal, root.__edited === field);
  }
  // What the server holds, not what the fields show: a field typed in but not yet sent
  // while another edit's answer came back is still sent on its own Enter.
  root.__sent = JSON.stringify(data.rows.map((r) => [r.course, r.value, r.absent]));
}

// Each field's refusal, in a row of its own right under the field's (a phone's narrow
// column has no room beside it). Made once per field, hidden while there is none: an
// alert shown, or its text changed, is read out at once.
let refusalIds = 0;

function refusalRow(tr) {
  const row = el("tr", "refusal");
  row.hidden = true;
  const cell = el("td");
  cell.colSpan = 3;
  tr.__message = el("p");
  tr.__message.id = `m2-refusal-${++refusalIds}`;
  tr.__message.setAttribute("role", "alert");
  cell.append(tr.__message);
  row.append(cell);
  return row;
}

// The server's refusal of the text in `field` (empty: none): said under the field, which
// is marked invalid and described by it while it stands. A new refusal of the field just
// edited is scrolled into view: on a phone the field is often the screen's last line.
function refused(tr, field, text, edited) {
  const message = tr.__message, row = message.closest("tr");
  const changed = message.textContent !== text;
  if (changed) message.textContent = text;
  row.hidden = !text;
  if (text && changed && edited) row.scrollIntoView({ block: "nearest" });
  tr.classList.toggle("refused", Boolean(text));
  if (text) {
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", message.id);
  } else {
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-describedby");
  }
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

const SHEET_CSS = `
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
.m2-sheet input.grade[aria-invalid="true"] { border: 2px solid #b3261e; }
.m2-sheet table.entry tr.refused th, .m2-sheet table.entry tr.refused td {
  border-bottom: none;
}
.m2-sheet table.entry tr.refusal td { padding-top: 0; }
.m2-sheet tr.refusal p {
  margin: 0; padding-left: 0.5rem; border-left: 3px solid #b3261e; color: #b3261e;
  font-size: 0.875rem;
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
`;

// ---- The browser store -------------------------------------------------------------
//
// Several tabs of one browser share one copy: each tab changes only the entries its
// session changed (`put`, `remove`, by name), on what the browser holds at that moment,
// never on what the tab read when it opened. A reset writes a new mark (RESET_KEY); a tab
// that sees the mark change (the `storage` event, or before any write) writes nothing more
// and tells its session to forget everything too.

// What this tab last saw of the reset mark (undefined: not read yet), and the trigger of
// the browser store last drawn: the grade sheet's writes report through it too.
let seenReset;
let storeTrigger = null;
let listening = false;
// A reset was told to the session and its answer has not come yet: the copy's removal
// that follows the mark must not be sent as another tab's change on top of it.
let resetSent = false;

function storage() {
  try {
    return window.localStorage;
  } catch (error) {
    return null;  // storage refused (some privacy settings): as if nothing were kept
  }
}

function resetMark(store) {
  try {
    return store.getItem(RESET_KEY);
  } catch (error) {
    return null;
  }
}

function listen() {
  if (listening) return;
  listening = true;
  window.addEventListener("storage", (event) => {
    // Another tab's change (a key of null: the whole storage cleared).
    if (storeTrigger === null || ![STORAGE_KEY, RESET_KEY, null].includes(event.key)) return;
    if (resetElsewhere() || resetSent) return;  // the session forgets: nothing else matters
    if (event.key === STORAGE_KEY && savedPart(event.newValue) !== savedPart(event.oldValue)) {
      // Another tab saved, renamed or deleted a scenario: this tab's list follows.
      storeTrigger("changed", (event.newValue || "").slice(0, MAX_STORED_CHARS + 1));
    }
  });
}

// True (and the session told, once) if another tab reset everything since this tab last
// looked.
function resetElsewhere() {
  const store = storage();
  if (store === null) return false;
  const mark = resetMark(store);
  if (seenReset === undefined || mark === seenReset) return false;
  seenReset = mark;
  if (storeTrigger !== null) {
    resetSent = true;
    storeTrigger("reset", mark || "");
  }
  return true;
}

function savedPart(text) {
  try {
    const holder = JSON.parse(text || "null");
    return JSON.stringify(holder && Array.isArray(holder.saved) ? holder.saved : null);
  } catch (error) {
    return text;  // unreadable: compared as it is
  }
}

export function browserStore({ data, setTriggerValue }) {
  const store = storage();
  // The mark as this tab first finds it: a reset is another tab's once it changes.
  if (seenReset === undefined && store !== null) seenReset = resetMark(store);
  storeTrigger = setTriggerValue;
  resetSent = false;  // a run drew the store again: the session has answered
  listen();
  keepOutside(data);
  if (data.close_sidebar) afterPaint(closeCoveringSidebar);
  if (data.mode !== "read") return;
  let text = "";
  if (store !== null) {
    try {
      const stored = store.getItem(STORAGE_KEY);
      if (stored !== null) text = stored.slice(0, MAX_STORED_CHARS + 1);
    } catch (error) {
      // Storage refused: as if nothing were kept.
    }
  }
  setTriggerValue("stored", text);
}

// What a run keeps outside the page: the page's language, the address bar, the browser's
// copy (ui/browser_store.outside()). The grade sheet runs it too, on a grade edit, so that
// the edit's answer is one element, not two.
function keepOutside(data) {
  // The page's language, for screen readers and the browser (RGAA 8.3): Streamlit's own
  // page says lang="en" whatever the app shows. Written only when it differs: writing it,
  // even unchanged, makes the browser restyle the whole document.
  if (/^[a-z]{2}$/.test(data.lang) && document.documentElement.lang !== data.lang) {
    document.documentElement.lang = data.lang;
  }
  if (data.mode === "write" && resetElsewhere()) return;  // this tab's session forgets too
  // The address bar: the language and the plan (the parameters it names; the others
  // stay), replacing the page's history entry. A fragment run writes it only here:
  // each change of st.query_params makes Streamlit redraw the whole page (one per grade
  // typed). A full run also tells st.query_params (ui/persistence.py keep_in_url).
  if (data.query) {
    const params = new URLSearchParams(window.location.search);
    for (const name of data.query.names) params.delete(name);
    for (const [name, value] of Object.entries(data.query.values)) params.set(name, value);
    const query = params.toString();
    if (query !== window.location.search.slice(1)) {
      const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }
  }
  const store = storage();
  if (store === null) return;
  try {
    if (data.mode === "reset") {
      // The mark first: another tab told of the copy's removal already sees the reset.
      seenReset = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      store.setItem(RESET_KEY, seenReset);
      store.removeItem(STORAGE_KEY);
    } else if (data.mode === "write") {
      writeChanges(store, data);
    }
  } catch (error) {
    // Storage refused (a private window, a full quota): the session keeps working.
  }
}

// The session's changes applied to what the browser holds now: the entries it names are
// put or removed, every other entry (another tab's) stays as it is, in its place.
function writeChanges(store, data) {
  const kept = store.getItem(STORAGE_KEY);
  let holder = null;
  if (!data.replace) {
    try {
      holder = JSON.parse(kept || "null");
    } catch (error) {
      holder = null;
    }
  }
  if (!holder || typeof holder !== "object" || Array.isArray(holder)) holder = {};
  const puts = new Map(data.put.map((entry) => [entry.name, entry]));
  const removed = new Set(data.remove);
  const names = new Set();
  const saved = [];
  for (const entry of Array.isArray(holder.saved) ? holder.saved : []) {
    // Entries of no name cannot be told apart: no tab can read them, none keeps them.
    if (!entry || typeof entry !== "object" || typeof entry.name !== "string") continue;
    if (names.has(entry.name) || removed.has(entry.name)) continue;
    names.add(entry.name);
    saved.push(puts.has(entry.name) ? puts.get(entry.name) : entry);
  }
  for (const [name, entry] of puts) if (!names.has(name)) saved.push(entry);
  const next = { format: data.format, version: data.version, saved };
  if (data.current) next.current = data.current;
  // The programme being built ("My programme"): replaced when the session sends it (null:
  // removed), else kept as this browser holds it.
  const draft = "draft" in data ? data.draft : holder.draft;
  if (typeof draft === "string" && draft) next.draft = draft;
  if (!saved.length && !data.current && !next.draft) {
    if (kept !== null) store.removeItem(STORAGE_KEY);
    return;
  }
  const text = JSON.stringify(next);
  if (kept !== text) store.setItem(STORAGE_KEY, text);
}

// ---- The sidebar on a narrow screen -------------------------------------------------
//
// Up to Streamlit's `md` breakpoint (768 px wide) an open sidebar covers the page: after a
// choice made there (programme, track, option: ui/sidebar.py) it is closed, with its own
// collapse button, so that the page the choice changed is what the student sees.
const SIDEBAR_COVERS_THE_PAGE = "(max-width: 768px)";

function closeCoveringSidebar() {
  if (!window.matchMedia(SIDEBAR_COVERS_THE_PAGE).matches) return;
  const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (button) button.click();
}

// ---- The download button -----------------------------------------------------------

export function browserDownload({ parentElement, data }) {
  let button = parentElement.querySelector("button");
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    parentElement.appendChild(button);
  }
  button.textContent = data.label;
  button.onclick = () => {
    const bytes = Uint8Array.from(atob(data.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: data.mime }));
    const link = document.createElement("a");
    link.href = url;
    link.download = data.file_name;
    link.style.display = "none";
    parentElement.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  };
}

// ---- The file picker ---------------------------------------------------------------
//
// ui/file_input.py: a real file input with the app's own label, button and help. The
// chosen file is read here as UTF-8 text; one larger than data.max_bytes, not text, or
// unreadable is refused at the field with the server's sentence; any other is sent once
// as {name, text, nonce} (a new nonce per choice: the same file chosen again is a new
// event). The input is emptied once read, so nothing of the file stays on the page.

export function fileInput({ parentElement, data: text, setTriggerValue }) {
  const data = JSON.parse(text);  // sent as text, as the grade sheet's
  let root = parentElement.querySelector(".m2-file");
  if (!root) root = fileField(parentElement);
  root.__send = setTriggerValue;
  root.__data = data;
  root.__label.textContent = data.label;
  root.__choose.textContent = data.choose;
  root.__input.accept = data.accept;
  root.__help.replaceChildren(...data.help.split("`").map(
    (part, i) => (i % 2 ? el("code", "", part) : document.createTextNode(part))));
  // The server has read the file sent (or a new field is drawn): no file is chosen now.
  if (root.__answered !== data.answered) {
    root.__answered = data.answered;
    root.__chosen.textContent = data.none_chosen;
  }
}

function fileField(parentElement) {
  const root = el("div", "m2-file");
  const id = `m2-file-${Math.random().toString(36).slice(2)}`;
  root.__label = el("p", "label");
  root.__label.id = `${id}-label`;
  const box = el("div", "box");
  root.__input = el("input");
  Object.assign(root.__input, { type: "file", id });
  root.__choose = el("span");
  root.__choose.id = `${id}-choose`;
  const pick = el("label", "pick");
  pick.htmlFor = id;
  pick.append(icon("upload_file"), root.__choose);
  root.__chosen = el("span", "chosen");
  root.__chosen.id = `${id}-chosen`;
  box.append(root.__input, pick, root.__chosen);
  root.__help = el("p", "help");
  root.__help.id = `${id}-help`;
  // Said when it changes: a refusal at the field is heard where it is seen.
  root.__refused = el("p", "refused");
  root.__refused.setAttribute("role", "alert");
  // Named by the field's label and its button's text (not by itself: a file input's own
  // name ends in the browser's "Choose File", in the browser's language), described by
  // the file chosen and the help.
  root.__input.setAttribute("aria-labelledby", `${id}-label ${id}-choose`);
  root.__input.setAttribute("aria-describedby", `${id}-chosen ${id}-help`);
  root.__input.addEventListener("change", () => chooseFile(root));
  root.append(root.__label, box, root.__help, root.__refused);
  parentElement.appendChild(root);
  return root;
}

async function chooseFile(root) {
  const input = root.__input, data = root.__data;
  const file = input.files && input.files[0];
  input.value = "";  // emptied: choosing the same file again is a new choice
  if (!file) return;
  root.__chosen.textContent = file.name;
  root.__refused.textContent = "";
  // A function, not a string: a file named "$&.json" would have its "$&" read as a pattern.
  const refuse = (sentence) => {
    root.__refused.textContent = sentence.replace("{name}", () => file.name);
  };
  if (file.size > data.max_bytes) return refuse(data.too_large);
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch (error) {
    return refuse(data.not_read);
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    return refuse(data.not_text);
  }
  const nonce = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  root.__send("file", { name: file.name, text, nonce });
}

// ---- The link's copy button --------------------------------------------------------

export function copyLink({ parentElement, data }) {
  let button = parentElement.querySelector("button");
  let status = parentElement.querySelector(".status");
  if (!button) {
    button = el("button");
    button.type = "button";
    // Read out when it changes: the copy's outcome, also shown under the button.
    status = el("p", "status");
    status.setAttribute("role", "status");
    parentElement.append(button, status);
  }
  button.textContent = data.label;
  status.textContent = "";
  button.onclick = async () => {
    status.textContent = "";  // emptied first: a second copy is announced again
    const copied = await copyText(data.link, button);
    status.textContent = copied ? data.copied : data.failed;
  };
}

// The clipboard API exists only in a secure context (https, or this machine): an app
// served over plain http on a network falls back to the older copy command.
async function copyText(text, button) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      // Refused (a permission, a lost focus): the older way may still work.
    }
  }
  const field = document.createElement("textarea");
  field.value = text;
  field.readOnly = true;
  field.style.position = "fixed";
  field.style.opacity = "0";
  document.body.append(field);
  field.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch (error) {
    copied = false;
  }
  field.remove();
  button.focus();  // where the student was, not on the removed field
  return copied;
}
