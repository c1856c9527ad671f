// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // A form sends once: the button is disabled after the first press (the server would also
  // recognise a repeat by the entry's id and store nothing twice).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    var button = form.querySelector("button[type=submit]");
    if (button) { button.setAttribute("aria-disabled", "true"); }
  });
  // Fields that belong to one condition (weeks pregnant with pregnancy) are shown when it is ticked.
  document.querySelectorAll("[data-shown-with]").forEach(function (block) {
    var box = document.querySelector("input[type=checkbox][value='" + block.dataset.shownWith + "']");
    if (!box) { return; }
    var input = block.querySelector("input");
    var show = function () { block.hidden = !box.checked && !(input && input.value); };
    box.addEventListener("change", show);
    show();
  });
  // Show the chosen value next to a slider.
  document.querySelectorAll("input[type=range][data-shows]").forEach(function (range) {
    var out = document.getElementById(range.dataset.shows);
    var show = function () { if (out) { out.textContent = range.value; } };
    range.addEventListener("input", show);
    show();
  });
})();
