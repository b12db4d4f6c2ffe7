// The problem page's editor: CodeMirror 6 over the page's <textarea>, mounted after first paint.
// The textarea stays the form's field (and the draft's source): every change is written back to it, so the
// form posts what the editor shows, with or without this script. Tab is left to the browser (no
// indentWithTab), so that the editor never traps keyboard focus; Ctrl-] and Ctrl-[ indent.
import { EditorView, basicSetup } from "codemirror";
import { EditorState, Compartment } from "@codemirror/state";
import { python } from "@codemirror/lang-python";
import { sql, PostgreSQL, MySQL, SQLite, MSSQL, StandardSQL } from "@codemirror/lang-sql";

const DIALECTS = { postgres: PostgreSQL, mysql: MySQL, sqlite: SQLite, tsql: MSSQL, duckdb: PostgreSQL, bigquery: StandardSQL };

function languageFor(area) {
  if (area.dataset.language !== "sql") return python();
  const dialect = document.getElementById(area.dataset.dialectSelect || "");
  let schema = {};
  try { schema = JSON.parse(area.dataset.schema || "{}"); } catch (e) { schema = {}; }
  return sql({ dialect: DIALECTS[dialect ? dialect.value : ""] || StandardSQL, schema, upperCaseKeywords: true });
}

// A non-breaking space is never meant in code: it comes with text pasted from web pages and chat, and
// Python refuses it. Each one inserted becomes a space (same length, so the selection stays where it was).
const plainSpaces = EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged) return tr;
  let found = false;
  tr.changes.iterChanges((fromA, toA, fromB, toB, inserted) => { if (inserted.toString().includes("\u00a0")) found = true; });
  if (!found) return tr;
  const changes = [];
  tr.changes.iterChanges((fromA, toA, fromB, toB, inserted) => {
    changes.push({ from: fromA, to: toA, insert: inserted.toString().replace(/\u00a0/g, " ") });
  });
  return [{ changes, selection: tr.selection, scrollIntoView: tr.scrollIntoView }];
});

function mount(area) {
  const language = new Compartment();
  const label = document.querySelector(`label[for="${area.id}"]`);
  const view = new EditorView({
    parent: area.parentNode,
    state: EditorState.create({
      doc: area.value,
      extensions: [
        basicSetup,
        plainSpaces,
        language.of(languageFor(area)),
        EditorView.contentAttributes.of({ "aria-label": label ? label.textContent : "source", "aria-multiline": "true" }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          area.value = update.state.doc.toString();
          area.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      ],
    }),
  });
  area.parentNode.insertBefore(view.dom, area);
  // A long source scrolls inside the editor (app.css bounds the scroller): the scroller takes keyboard focus
  // too, so that it can be scrolled without a mouse.
  view.scrollDOM.tabIndex = 0;
  view.scrollDOM.setAttribute("aria-label", "the source, scrollable");
  area.hidden = true;
  area.dataset.mounted = "codemirror";
  // The page may change the textarea itself (a draft restored, starter code, a file read): follow it.
  area.addEventListener("judge:replaced", () => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: area.value } });
  });
  const dialect = document.getElementById(area.dataset.dialectSelect || "");
  if (dialect) dialect.addEventListener("change", () => view.dispatch({ effects: language.reconfigure(languageFor(area)) }));
  window.judgeEditor = view;
}

requestAnimationFrame(() => document.querySelectorAll("textarea[data-editor]").forEach(mount));
