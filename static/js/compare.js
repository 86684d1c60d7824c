// The comparison page: each finalist tick is saved at once, so sorting, filtering or changing page never
// loses it. Without JavaScript, the "Enregistrer les finalistes" button does the same for the whole page.
(function () {
  "use strict";
  var form = document.getElementById("finalists-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-finalist-status]");
  var hint = form.querySelector("[data-finalist-hint]");
  var tokenInput = form.querySelector("input[name=csrf_token]");
  var unsaved = 0;
  if (hint) { hint.textContent = "Chaque case cochée ★ est enregistrée aussitôt."; }

  function say(text, bad) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("is-error", !!bad);
  }

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[data-finalist-url]")) { return; }
    var data = new FormData();
    if (tokenInput) { data.append("csrf_token", tokenInput.value); }
    data.append("finaliste", box.checked ? "1" : "0");
    unsaved += 1;
    say("Enregistrement…");
    fetch(box.getAttribute("data-finalist-url"), {
      method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (result) {
      unsaved -= 1;
      var row = box.closest("tr");
      if (row) { row.classList.toggle("is-finalist", result.finalist); }
      say("Enregistré ✓ · " + result.finalists + " finaliste" + (result.finalists > 1 ? "s" : "") + " au total");
    }).catch(function () {
      say("Non enregistré : cliquez sur « Enregistrer les finalistes » avant de quitter la page.", true);
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (unsaved > 0) { event.preventDefault(); event.returnValue = ""; }
  });
  form.addEventListener("submit", function () { unsaved = 0; });
})();
