// The print layout opens the browser's print dialog by itself; its button prints again.
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  }
  if (document.body.hasAttribute("data-autoprint")) {
    window.addEventListener("load", function () {
      window.setTimeout(window.print, 300);
    });
  }
})();
