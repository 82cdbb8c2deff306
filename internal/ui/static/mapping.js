// Mapping section: a read-only Salesforce field can only go from
// Salesforce to the app, so choosing one limits its row's direction.
// The server checks the same; this only saves a round trip.
(function () {
  "use strict";
  function limit(select) {
    var row = select.closest("tr");
    var dir = row && row.querySelector("select[data-direction]");
    if (!dir) {
      return;
    }
    var chosen = select.options[select.selectedIndex];
    var only = chosen && chosen.hasAttribute("data-inbound-only");
    Array.prototype.forEach.call(dir.options, function (opt) {
      opt.disabled = only && opt.value !== "inbound";
    });
    if (only) {
      dir.value = "inbound";
    }
  }
  document.querySelectorAll("select[data-sf-field]").forEach(function (select) {
    select.addEventListener("change", function () {
      limit(select);
    });
  });
})();
