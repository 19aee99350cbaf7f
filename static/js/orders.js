// Orders: progressive enhancement only; the forms work without this file.
(function () {
  "use strict";
  // A button marked data-once is disabled after the first submit, so a second tap on a slow
  // connection does not send the form again (the server places one order either way).
  document.querySelectorAll("button[data-once]").forEach(function (button) {
    button.form.addEventListener("submit", function () {
      window.setTimeout(function () {
        button.disabled = true;
      }, 0);
    });
  });
})();
