// Shop front enhancements; every page works without this file.
(function () {
  "use strict";

  // The filters fold on phones and open on wide screens through data-open-wide (site.js).

  // Empty filters stay out of the address: /produk/?q=guci rather than ?q=guci&kategori=&...
  document.querySelectorAll(".listing-filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (field.name && field.value === "" && !field.disabled) {
          field.disabled = true;
          field.dataset.emptied = "";
        }
      });
    });
  });
  // Coming back to the page (the back button) finds the form as it was.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-emptied]").forEach(function (field) {
      field.disabled = false;
      delete field.dataset.emptied;
    });
  });

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
