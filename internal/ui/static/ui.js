// sfbridge admin UI: progressive enhancement only; every action works
// without this file.
(function () {
  "use strict";
  // Links with data-dialog open that <dialog> instead of the
  // confirmation page they point to.
  document.querySelectorAll("a[data-dialog]").forEach(function (link) {
    var dialog = document.getElementById(link.getAttribute("data-dialog"));
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      dialog.showModal();
    });
    dialog.addEventListener("close", function () {
      link.focus();
    });
  });
  // The "Opening Salesforce" page moves on by itself (the Refresh header
  // does too; this is quicker).
  var follow = document.querySelector("a[data-follow]");
  if (follow) {
    window.location.replace(follow.href);
  }
})();
