// The vendor's product form. Progressive enhancement only: without this file the food section
// is always shown, with a note that it is only for food.
(function () {
  "use strict";
  var section = document.querySelector("[data-food-section]");
  var select = document.getElementById("id_category");
  if (!section || !select) {
    return;
  }

  // Never hide what the vendor already typed or what has an error to read.
  function holdsSomething() {
    if (section.querySelector(".has-error")) {
      return true;
    }
    return Array.prototype.some.call(section.querySelectorAll("input"), function (input) {
      return input.value.trim() !== "";
    });
  }

  function update() {
    var option = select.options[select.selectedIndex];
    var food = option && option.hasAttribute("data-food");
    section.hidden = !food && !holdsSomething();
  }

  select.addEventListener("change", update);
  update();
})();
