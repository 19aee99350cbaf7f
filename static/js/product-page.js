// The product page's buy bar: without this file it always shows on phones. With it, the bar
// steps aside while the page's own price and add-to-cart form are on screen, so the same
// button never shows twice.
(function () {
  "use strict";
  var bar = document.querySelector(".buy-bar");
  var summary = document.querySelector(".product-summary .add-to-cart, .product-summary .sold-out");
  if (!bar || !summary || !("IntersectionObserver" in window)) {
    return;
  }
  new IntersectionObserver(function (entries) {
    bar.classList.toggle("is-resting", entries[0].isIntersecting);
  }).observe(summary);
})();
