// Progressive enhancement only: a refused form's error summary takes the focus, so a screen
// reader reads it first (the page already scrolls to it through the form action's #anchor).
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
