// The counter's back office pages; progressive enhancement only: every page works without it.
(function () {
  "use strict";

  // Print buttons stay hidden without JavaScript (the browser's own print works anyway).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Closing a shift: the difference between the counted and the expected cash, as it is typed.
  var closeForm = document.querySelector("form[data-expected-cash]");
  if (closeForm) {
    var expected = parseInt(closeForm.dataset.expectedCash, 10);
    var limit = parseInt(closeForm.dataset.limit, 10);
    var input = closeForm.querySelector("input[name=counted_cash]");
    var output = closeForm.querySelector("[data-difference]");
    var rupiah = function (value) {
      var sign = value < 0 ? "-" : value > 0 ? "+" : "";
      return sign + "Rp" + Math.abs(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    };
    var show = function () {
      var counted = parseInt(input.value, 10);
      if (isNaN(counted)) {
        output.hidden = true;
        return;
      }
      var difference = counted - expected;
      output.hidden = false;
      output.querySelector("[data-amount]").textContent = rupiah(difference);
      output.querySelector("[data-none]").hidden = difference !== 0;
      output.querySelector("[data-reason]").hidden = difference === 0;
      output.querySelector("[data-approval]").hidden = Math.abs(difference) <= limit;
    };
    input.addEventListener("input", show);
    show();
  }

  // Counting the shelf: warn before leaving a page with counts typed but not saved.
  var countForm = document.querySelector("form[data-count-sheet]");
  if (countForm) {
    var dirty = false;
    countForm.addEventListener("input", function () {
      dirty = true;
    });
    countForm.addEventListener("submit", function () {
      dirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
})();
