// The pages' small script: local times, countdowns, drafts that survive a reload, and the live verdict.
// Every page works without it; each part only adds to what the server rendered.
"use strict";
(function () {
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  // Times in the viewer's own time zone (the server writes UTC).
  function localTimes(root) {
    const format = new Intl.DateTimeFormat(undefined, {
      year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
    });
    $$("time[datetime]", root).forEach((el) => {
      const when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when)) { el.title = el.textContent; el.textContent = format.format(when); }
    });
  }

  // The server keeps the clock: this only shows what is left of the time it gave (data-until).
  function countdowns() {
    const tick = () => $$(".countdown[data-until]").forEach((el) => {
      const seconds = Math.max(0, Math.floor((new Date(el.dataset.until) - Date.now()) / 1000));
      const minutes = Math.floor(seconds / 60);
      if (seconds <= 0) el.textContent = "time is up";
      else if (minutes >= 10) el.textContent = `${minutes} min left`;
      else el.textContent = `${minutes}:${String(seconds % 60).padStart(2, "0")} left`;
    });
    tick();
    setInterval(tick, 1000);
  }

  // In an assessment, drafts also go to the judge (a few seconds after typing stops), with how much of the
  // change was pasted: the last one is submitted when the time ends, and reviewers replay them.
  function serverDrafts(form, area, say) {
    const url = form.dataset.draftUrl;
    if (!url) return;
    const csrf = $("input[name=csrftoken]", form);
    const dialect = $("select[name=dialect]", form);
    let pasted = 0;
    let timer = null;
    let last = area.value;
    form.addEventListener("paste", (event) => {
      const text = event.clipboardData ? event.clipboardData.getData("text") : "";
      pasted += text.length;
    }, true);
    const save = () => {
      if (area.value === last && !pasted) return;
      const body = { assignment: form.dataset.draftAssignment, problem: form.dataset.draftProblem, source: area.value,
        dialect: dialect ? dialect.value : null, pasted_chars: pasted };
      const sent = pasted;
      fetch(url, { method: "PUT", credentials: "same-origin", headers: { "Content-Type": "application/json", "x-csrftoken": csrf ? csrf.value : "" }, body: JSON.stringify(body) })
        .then((response) => response.json().then((data) => ({ ok: response.ok, data })))
        .then(({ ok, data }) => {
          if (ok) { pasted -= sent; last = body.source; say("Draft saved to the judge."); }
          else say(`The judge did not keep this draft: ${data.detail || "refused"}`);
        })
        .catch(() => say("The judge could not be reached: your draft is kept in this browser and sent again."));
    };
    area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(save, 2000); });
    const upload = $("#upload", form);
    if (upload) upload.addEventListener("change", () => { const f = upload.files && upload.files[0]; if (f) pasted += f.size; });
    window.addEventListener("pagehide", save);
  }

  // Drafts: kept in this browser as the student types, per user and problem; restored on the next visit.
  function drafts() {
    const form = $("form[data-draft-key]");
    const area = form && $("textarea[name=source]", form);
    if (!area) return;
    const key = form.dataset.draftKey;
    const status = $("#draft-status");
    const say = (text) => { if (status) status.textContent = text; };
    const replace = (text) => { area.value = text; area.dispatchEvent(new Event("judge:replaced")); };
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved && typeof saved.text === "string" && saved.text !== area.value && !form.querySelector(".error")) {
      replace(saved.text);
      say("Your draft was restored from this browser.");
    }
    let timer = null;
    area.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        try {
          localStorage.setItem(key, JSON.stringify({ text: area.value, at: new Date().toISOString() }));
          say("Draft saved in this browser.");
        } catch (e) { say("This browser would not keep the draft: copy your code before leaving."); }
      }, 250);
    });
    serverDrafts(form, area, say);
    const starter = $("#reset-starter");
    if (starter) starter.addEventListener("click", () => { replace(starter.dataset.starter); area.dispatchEvent(new Event("input")); });
    const upload = $("#upload", form);
    if (upload) upload.addEventListener("change", () => {
      const file = upload.files && upload.files[0];
      if (!file) return;
      file.text().then((text) => { replace(text); area.dispatchEvent(new Event("input")); upload.value = ""; say(`${file.name} loaded into the editor.`); });
    });
  }

  // The live verdict: each test as it is judged, over server-sent events that resume where they stopped
  // (the browser sends Last-Event-ID); polling the table when the stream cannot be had.
  function live() {
    const section = $("#live[data-submission]");
    if (!section || section.dataset.status === "finished") return;
    const id = section.dataset.submission;
    const list = $("#live-tests");
    const seen = new Set();
    let finished = false;
    let poller = null;
    const showTable = () => fetch(`/submissions/${encodeURIComponent(id)}/table`, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const holder = document.createElement("div");
        holder.innerHTML = html;
        const fresh = holder.firstElementChild;
        $("#result").replaceWith(fresh);
        localTimes(fresh);
        if (fresh.dataset.status === "finished") {
          finished = true;
          section.dataset.status = "finished";
          if (poller) clearInterval(poller);
          list.hidden = true;
        }
      });
    const poll = () => { if (!poller) poller = setInterval(() => { if (!finished) showTable().catch(() => {}); }, 2000); };
    if (!window.EventSource) { poll(); return; }
    const source = new EventSource(`/api/v1/submissions/${encodeURIComponent(id)}/events`);
    window.judgeLive = { source, seen };
    source.addEventListener("status", (event) => {
      const data = JSON.parse(event.data);
      const pending = $("#result .pending");
      if (pending) pending.textContent = data.status.charAt(0).toUpperCase() + data.status.slice(1) + "…";
    });
    source.addEventListener("test", (event) => {
      const test = JSON.parse(event.data);
      if (seen.has(test.name)) return;
      seen.add(test.name);
      const item = document.createElement("li");
      item.className = "live-test";
      const verdict = document.createElement("span");
      verdict.className = "verdict " + (test.verdict === "accepted" ? "good" : "bad");
      verdict.textContent = test.verdict.replace(/_/g, " ");
      item.append(test.name + " ", verdict);
      list.append(item);
    });
    source.addEventListener("result", () => { source.close(); showTable().catch(poll); });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED && !finished) poll(); // refused for good: poll instead
    });
  }

  // A datetime-local field has no zone: send the browser's offset for the moment typed, so the deadline
  // is the one the instructor meant (the server reads it as UTC when no script sent one).
  function zonedDeadlines() {
    $$("form[data-extension-form]").forEach((form) => form.addEventListener("submit", () => {
      const field = $("input[type=datetime-local]", form);
      const offset = $("input[name=utc_offset_minutes]", form);
      const when = field && new Date(field.value);
      if (offset && when && !isNaN(when)) offset.value = String(-when.getTimezoneOffset());
    }));
  }

  document.addEventListener("DOMContentLoaded", () => {
    localTimes(document); countdowns(); drafts(); live(); zonedDeadlines();
  });
})();
