// Live progress for background jobs. Every element with data-job-id is a job still running: one
// loop asks the jobs page's progress handler for each, starting after a second and backing off (x1.5 a round, up to
// 15 s; back to 2 s when a job changes status), slower still while the tab is hidden, and stops when
// none is left. Finished jobs are never asked about again. When a
// job finishes, a row of the jobs table is replaced by the server's own rendering of it (its outcome,
// every error, the link to its quarantined records); elsewhere the element gets the final status.
// The words (statuses, "{0} of {1}") come from the page's [data-job-words] element, in the reader's language.
(function () {
  const fast = 1000, slowest = 15000;
  let delay = fast;
  const finished = ["Succeeded", "Failed", "Cancelled"];
  const words = (document.querySelector("[data-job-words]") || { dataset: {} }).dataset;
  const locale = document.documentElement.lang || "en";
  function statusWord(status) { return words[String(status).toLowerCase()] || status; }
  function counts(done, total) {
    const pattern = words.counts || "{0} of {1}";
    return pattern.replace("{0}", done.toLocaleString(locale)).replace("{1}", total.toLocaleString(locale));
  }

  // Only real job ids: an empty or malformed one would ask /api/jobs/ (the whole list) over and over.
  const jobId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  function running() { return Array.from(document.querySelectorAll("[data-job-id]")).filter(el => jobId.test(el.dataset.jobId || "")); }

  async function replaceRow(row, id) {
    const r = await fetch("/jobs?handler=Row&id=" + encodeURIComponent(id), { headers: { "Accept": "text/html" }, credentials: "same-origin" });
    if (!r.ok) return false;
    const template = document.createElement("template");
    template.innerHTML = (await r.text()).trim();
    const fresh = template.content.firstElementChild;
    if (!fresh || fresh.tagName !== "TR") return false;
    row.replaceWith(fresh);
    return true;
  }

  function show(el, job) {
    const bar = el.querySelector("progress");
    const status = el.querySelector("[data-job-status]");
    const message = el.querySelector("[data-job-message]");
    if (bar) {
      if (typeof job.fraction === "number") { bar.value = job.fraction; } else { bar.removeAttribute("value"); }
    }
    if (status) {
      status.textContent = statusWord(job.status);
      status.className = "badge " + (job.status === "Succeeded" ? "ok" : job.status === "Failed" || job.status === "Cancelled" ? "bad" : "");
    }
    if (message) {
      message.textContent = [job.total ? counts(job.done, job.total) : "", job.message, job.error].filter(Boolean).join(" · ");
    }
  }

  async function check(el) {
    const id = el.dataset.jobId;
    // The page's own progress handler: the same job as /api/jobs/{id}, its message in the reader's language.
    const r = await fetch("/jobs?handler=Progress&id=" + encodeURIComponent(id), { headers: { "Accept": "application/json" }, credentials: "same-origin" });
    if (!r.ok) {
      if (r.status === 404 || r.status === 403) el.removeAttribute("data-job-id"); // gone or not ours: stop asking
      return false;
    }
    const job = await r.json();
    if (!job || typeof job.status !== "string" || String(job.id).toLowerCase() !== id.toLowerCase()) return false;
    const before = (el.dataset.jobState || "") + "/" + (el.dataset.jobDone || "");
    el.dataset.jobState = job.status;
    el.dataset.jobDone = String(job.done);
    if (finished.includes(job.status)) {
      el.removeAttribute("data-job-id");
      if (!(el.tagName === "TR" && el.closest("[data-testid=jobs]") && await replaceRow(el, id))) show(el, job);
      el.dispatchEvent(new CustomEvent("job-finished", { bubbles: true, detail: job }));
      return true;
    }
    show(el, job);
    return before.split("/")[0] !== job.status; // progress alone does not speed the polling up
  }

  async function tick() {
    let changed = false;
    for (const el of running()) {
      try { changed = (await check(el)) || changed; } catch (e) { /* the server may be restarting: ask again later */ }
    }
    delay = changed ? 2 * fast : Math.min(slowest, Math.round(delay * 1.5));
    if (running().length > 0) setTimeout(tick, document.hidden ? slowest : delay);
  }

  if (running().length > 0) setTimeout(tick, delay);
})();
