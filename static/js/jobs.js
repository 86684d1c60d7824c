// A job's progress page: poll its state every second and update the figures without reloading;
// reload once the job has ended, so the server renders the result (or the failure).
(function () {
  "use strict";
  var card = document.querySelector("[data-job-status]");
  if (!card || !window.fetch) { return; }
  var url = card.getAttribute("data-job-status");
  function set(selector, text) {
    var node = card.querySelector(selector);
    if (node) { node.textContent = text; }
  }
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (job) {
        if (job.state === "done" || job.state === "failed") {
          window.location.reload();
          return;
        }
        set("[data-job-done]", String(job.done));
        set("[data-job-left]", job.time_left);
        set("[data-job-label]", job.state === "queued" ? "En attente d'un worker…" : "Analyse et enregistrement en cours…");
        var bar = card.querySelector("[data-job-bar]");
        if (bar) { bar.max = Math.max(job.total, 1); bar.value = job.done; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
