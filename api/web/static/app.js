// Small progressive enhancements; the page works without them.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;

  // Keep shared URLs short: leave empty fields out of the query string.
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && (el.tagName === "INPUT" || el.tagName === "SELECT") &&
          el.type !== "checkbox" && el.value === "") {
        el.disabled = true;
      }
    });
  });

  // A ticked or unticked filter applies at once.
  Array.prototype.forEach.call(form.querySelectorAll(".filters input[type=checkbox], .filters select"), function (el) {
    el.addEventListener("change", function () {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
  });

  // On a phone the filters start folded unless some are in use.
  var box = form.querySelector(".filterbox");
  if (box && window.matchMedia("(max-width: 720px)").matches && !document.getElementById("chips")) {
    box.open = false;
  }
})();
