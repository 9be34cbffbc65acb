// Wide tables on a narrow screen: each `.table-scroll` box whose table is wider than itself
// gets a line above it saying that it scrolls sideways, and one marked `data-scroll-end`
// (the report's rounds, oldest to latest) opens scrolled to its end, the latest round in view.
// Without this script the tables still scroll and their edges still show a shadow.
(function () {
  "use strict";

  function hintFor(box) {
    var hint = box.previousElementSibling;
    if (hint && hint.classList.contains("scroll-hint")) return hint;
    hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.textContent = box.dataset.scrollHint || "The table is wider than the screen: swipe or scroll it sideways.";
    box.parentNode.insertBefore(hint, box);
    return hint;
  }

  function update(box) {
    var overflows = box.scrollWidth > box.clientWidth + 1;
    var hint = box.previousElementSibling;
    if (overflows) {
      hintFor(box).hidden = false;
      // Once per box: a box that was already shown keeps the reader's place after a swap.
      if ("scrollEnd" in box.dataset && !("scrolled" in box.dataset)) {
        box.dataset.scrolled = "";
        box.scrollLeft = box.scrollWidth;
      }
    } else if (hint && hint.classList.contains("scroll-hint")) {
      hint.hidden = true;
    }
  }

  function updateAll() {
    document.querySelectorAll(".table-scroll").forEach(function (box) { update(box); });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(function () { updateAll(); });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { updateAll(); });
  } else {
    updateAll();
  }
  document.addEventListener("htmx:afterSettle", function () { updateAll(); });
})();
