// netpol-auditor console: progressive enhancement only; every page works without this file.
(function () {
  "use strict";
  // After an identity-provider sign-in: continue to the page the person was going to.
  var auto = document.querySelector("a[data-auto]");
  if (auto) { window.location.replace(auto.getAttribute("href")); }

  // Verify a file: drop it on the zone (the file input and its form also work by keyboard).
  var zone = document.querySelector("[data-drop]");
  if (zone) {
    var input = zone.querySelector("input[type=file]");
    var form = zone.closest("form");
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        form.submit();
      }
    });
  }

  // Filters: a changed select submits its form at once.
  document.querySelectorAll("form.filters select[data-submit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
