// The delivery form's food lines: the expiry date follows the production date and the product's
// shelf life until staff type an expiry date of their own; lines of goods that are not food hide
// their batch fields. Without this script the server counts the same default.
(function () {
  "use strict";

  function isoPlusDays(iso, days) {
    var parts = iso.split("-").map(Number);
    var date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] + days));
    return date.toISOString().slice(0, 10);
  }

  function setUp(row) {
    var product = row.querySelector("select[name$='-product']");
    var produced = row.querySelector("input[name$='-produced_on']");
    var expires = row.querySelector("input[name$='-expires_on']");
    if (!product || !produced || !expires) {
      return;
    }
    var filledByUs = false;

    function chosen() {
      return product.options[product.selectedIndex] || null;
    }

    function refresh() {
      var option = chosen();
      var food = option && option.value ? option.dataset.food === "1" : true;
      row.classList.toggle("is-not-food", !food);
      var days = option ? parseInt(option.dataset.shelfLife || "", 10) : NaN;
      if (produced.value && days > 0 && (!expires.value || filledByUs)) {
        expires.value = isoPlusDays(produced.value, days);
        filledByUs = true;
      }
    }

    product.addEventListener("change", refresh);
    produced.addEventListener("change", refresh);
    expires.addEventListener("input", function () {
      filledByUs = false;
    });
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".gallery-delivery-line").forEach(setUp);
  });
})();
