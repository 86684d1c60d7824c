// Portfolio board: drag a card to another column. The drop fills the same form the buttons send,
// so the server sees one kind of request, and the page works the same without JavaScript.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var board = document.querySelector("[data-board]");
    var form = document.querySelector("[data-drop-form]");
    if (!board || !form) { return; }
    var dragged = null;

    function allowed(card, state) {
      return (card.getAttribute("data-moves") || "").split(" ").indexOf(state) !== -1;
    }
    function columns() { return board.querySelectorAll("[data-drop-state]"); }
    function clear() {
      columns().forEach(function (col) { col.classList.remove("drop-ok", "drop-no"); });
    }

    board.addEventListener("dragstart", function (event) {
      var card = event.target.closest && event.target.closest(".pf-card[data-task-id]");
      if (!card) { return; }
      dragged = card;
      card.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.getAttribute("data-task-id"));
      columns().forEach(function (col) {
        var state = col.getAttribute("data-drop-state");
        if (state !== card.getAttribute("data-state")) {
          col.classList.add(allowed(card, state) ? "drop-ok" : "drop-no");
        }
      });
    });
    board.addEventListener("dragend", function () {
      if (dragged) { dragged.classList.remove("dragging"); }
      dragged = null;
      clear();
    });
    board.addEventListener("dragover", function (event) {
      var col = event.target.closest && event.target.closest("[data-drop-state]");
      if (dragged && col && allowed(dragged, col.getAttribute("data-drop-state"))) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
      }
    });
    board.addEventListener("drop", function (event) {
      var col = event.target.closest && event.target.closest("[data-drop-state]");
      if (!dragged || !col) { return; }
      var state = col.getAttribute("data-drop-state");
      if (!allowed(dragged, state)) { return; }
      event.preventDefault();
      var card = dragged;
      clear();
      if (state === "done") {  // finishing asks for the paid amount, the time and the quality
        window.location.href = card.getAttribute("data-complete-url");
        return;
      }
      var reason = "";
      if (state === "blocked") {
        reason = window.prompt("Qu'est-ce qui bloque cette tâche ?", "");
        if (reason === null || !reason.trim()) { return; }
      }
      form.action = card.getAttribute("data-move-url");
      form.querySelector("input[name=state]").value = state;
      form.querySelector("input[name=reason]").value = reason;
      col.querySelector(".pf-column-body").appendChild(card);  // show the move at once
      form.submit();
    });
  });
})();
