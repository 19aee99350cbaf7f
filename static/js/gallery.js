// Gallery pages, progressive enhancement only: the shelf-label sheet prints from the browser's
// own menu without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
