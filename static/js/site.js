// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The language switcher changes on selection; without JavaScript its button does it.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  // A <details data-open-wide="60em"> is folded on phones and open on screens at least that wide
  // (the menu as a row of links, the filters as a column), following the screen as it turns.
  var folding = [];
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    var wide = window.matchMedia("(min-width: " + (details.dataset.openWide || "64rem") + ")");
    if (wide.matches) details.open = true;
    wide.addEventListener("change", function () {
      details.open = wide.matches;
    });
    folding.push({ details: details, wide: wide });
  });

  // Folded, the menu and the filter sheet close again on Escape; the menu on a tap elsewhere too.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    folding.forEach(function (item) {
      if (item.details.open && !item.wide.matches) {
        item.details.open = false;
        item.details.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    folding.forEach(function (item) {
      var menu = item.details;
      if (menu.classList.contains("site-menu") && menu.open && !item.wide.matches && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });
})();
