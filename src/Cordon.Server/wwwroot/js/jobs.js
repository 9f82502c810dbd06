// Live progress for background jobs: every element with data-job-id polls /api/jobs/{id} until the
// job finishes, updating its <progress>, [data-job-status] and [data-job-message] children.
(function () {
  function watch(el) {
    const id = el.dataset.jobId;
    const bar = el.querySelector("progress");
    const status = el.querySelector("[data-job-status]");
    const message = el.querySelector("[data-job-message]");
    async function tick() {
      try {
        const r = await fetch("/api/jobs/" + id, { headers: { "Accept": "application/json" } });
        if (!r.ok) return;
        const job = await r.json();
        if (bar) {
          if (job.fraction === null || job.fraction === undefined) { bar.removeAttribute("value"); }
          else { bar.value = job.fraction; }
        }
        if (status) { status.textContent = job.status; status.className = "badge " + (job.status === "Succeeded" ? "ok" : job.status === "Failed" || job.status === "Cancelled" ? "bad" : ""); }
        if (message) {
          const counts = job.total ? `${job.done.toLocaleString()} of ${job.total.toLocaleString()}` : job.done ? job.done.toLocaleString() : "";
          message.textContent = [counts, job.message, job.error].filter(Boolean).join(" · ");
        }
        el.dataset.jobState = job.status;
        if (["Succeeded", "Failed", "Cancelled"].includes(job.status)) {
          el.dispatchEvent(new CustomEvent("job-finished", { bubbles: true, detail: job }));
          return;
        }
      } catch (e) { /* the server may be restarting: keep polling */ }
      setTimeout(tick, 1000);
    }
    tick();
  }
  document.querySelectorAll("[data-job-id]").forEach(watch);
})();
