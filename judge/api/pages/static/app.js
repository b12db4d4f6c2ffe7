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

  function countdowns() {
    const tick = () => $$(".countdown[data-until]").forEach((el) => {
      const left = Math.max(0, Math.round((new Date(el.dataset.until) - Date.now()) / 60000));
      el.textContent = left > 0 ? `${left} min left` : "time is up";
    });
    tick();
    setInterval(tick, 30000);
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
