// Shop front enhancements; every page works without this file.
(function () {
  "use strict";

  // Filters are folded on phones; wide screens have room to show them open.
  if (window.matchMedia("(min-width: 64rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }

  // "Copy link" needs the clipboard API, so the button only appears where it works.
  if (navigator.clipboard) {
    document.querySelectorAll("button[data-copy-link]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.dataset.copyLink).then(function () {
          button.textContent = button.dataset.copied;
        });
      });
    });
  }
})();
