// screening: small progressive enhancements. No inline script anywhere (CSP-friendly).
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy")); }
      catch (e) { reject(e); }
      finally { document.body.removeChild(area); }
    });
  }

  window.screening = { copyText: copyText };

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var scope = button.closest(".card") || document;
      var status = scope.querySelector(".copy-status");
      copyText(source ? source.textContent : "").then(function () {
        var label = button.textContent;
        button.textContent = "Copié ✓";
        button.setAttribute("data-copied", "1");
        if (status) { status.textContent = button.getAttribute("data-copied-message") || "Copié dans le presse-papiers."; }
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        if (status) { status.textContent = "Copie impossible : sélectionnez le texte et copiez-le à la main (Ctrl+C)."; }
      });
      return;
    }
    var tab = event.target.closest(".tab[data-tab]");
    if (tab) {
      var name = tab.getAttribute("data-tab");
      document.querySelectorAll(".tab[data-tab]").forEach(function (t) {
        var on = t === tab;
        t.classList.toggle("active", on);
        t.setAttribute("aria-selected", on ? "true" : "false");
      });
      document.querySelectorAll(".tab-panel[data-panel]").forEach(function (panel) {
        panel.hidden = panel.getAttribute("data-panel") !== name;
      });
    }
  });

  // Confirmation for destructive POST buttons.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // Live delegation advice on the mission form (the server shows the same advice after saving).
    var live = document.getElementById("delegation-live");
    if (!live) { return; }
    function checked(id) { var el = document.getElementById(id); return !!(el && el.checked); }
    function number(id) { var el = document.getElementById(id); var v = el ? parseInt(el.value, 10) : NaN; return isNaN(v) ? null : v; }
    function render() {
      var items = [];
      if (checked("is_key_activity")) { items.push("C'est une activité clé : ne la déléguez pas."); }
      if (checked("could_drop")) { items.push("Elle pourrait être supprimée : éliminer vaut mieux que déléguer."); }
      if (checked("could_automate")) { items.push("Elle pourrait être automatisée : automatisez d'abord."); }
      var brief = number("brief_minutes"), doing = number("measured_minutes");
      if (brief !== null && doing && brief >= doing) {
        var times = Math.floor(brief / doing), words = ["", "", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"];
        var more = brief === doing ? "autant" : times < 2 ? "plus" : (words[times] || String(times)) + " fois plus";
        items.push("Rédiger les consignes prend " + more + " de temps que faire la tâche.");
      }
      live.textContent = "";
      items.forEach(function (text) {
        var div = document.createElement("div");
        div.className = "flash flash-warning";
        div.textContent = text;
        live.appendChild(div);
      });
    }
    document.querySelectorAll(".mission-form input").forEach(function (el) {
      el.addEventListener("change", render);
      el.addEventListener("input", render);
    });
    render();
  });
})();

// Long imports: disable the button and say what is happening while the server works.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) { return; }
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-busy")) { return; }
    var note = document.createElement("span");
    note.className = "busy-note";
    note.setAttribute("role", "status");
    note.textContent = button.getAttribute("data-busy");
    button.insertAdjacentElement("afterend", note);
    setTimeout(function () { button.disabled = true; }, 0);
  });
})();

// Candidates: the "Imprimer" button, and ticked finalists highlighted before saving.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("#finalists-form input[name=finaliste][type=checkbox]")) { return; }
    var row = box.closest("tr");
    if (row) { row.classList.toggle("is-finalist", box.checked); }
  });
})();

// Trials: copy an invitation or a message to the clipboard, and say so next to the button.
(function () {
  "use strict";
  var copy = window.screening.copyText;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-text]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy-text"));
    var note = button.parentNode.querySelector(".copy-note");
    copy(source ? source.textContent : "").then(function () {
      if (note) { note.textContent = "Copié dans le presse-papiers."; }
    }, function () {
      if (note) { note.textContent = "Copie impossible : sélectionnez le texte et copiez-le (Ctrl+C)."; }
    });
  });

  // Corrections on the candidate page: submit in place and swap the page's content, without a reload.
  // Without JavaScript the same forms post and redirect back to the page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-inplace") || !window.fetch) { return; }
    event.preventDefault();
    var card = form.closest(".readings-card");
    var item = form.closest("[data-field]");
    var field = item ? item.getAttribute("data-field") : null;
    if (card) { card.classList.add("is-busy"); }
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                         headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("main.page");
        var main = document.querySelector("main.page");
        if (!fresh || !main) { throw new Error("page"); }
        var y = window.scrollY;
        main.innerHTML = fresh.innerHTML;
        document.title = doc.title;
        window.scrollTo(0, y);
        // the confirmation or the refusal shows where the owner is looking, in the card itself
        var flashes = main.querySelector(".flashes"), lecture = main.querySelector("#lecture");
        if (flashes && lecture) { lecture.insertBefore(flashes, lecture.children[1] || null); }
        var target = field && document.querySelector('[data-field="' + field + '"] button, [data-field="' + field + '"] input[type=text]');
        if (target) { target.focus({ preventScroll: true }); }
      })
      .catch(function () { form.submit(); });
  });
})();
