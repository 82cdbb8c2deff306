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
  // Settings forms (data-unsaved) are saved explicitly: once a field
  // changes, a note says so and leaving the page asks first. Submitting
  // the form, or putting every field back, clears it. A form the server
  // sent back with an error (data-unsaved="dirty") holds unsaved
  // changes from the start.
  var guarded = Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved]"));
  function snapshot(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }
  function dirtyForms() {
    return guarded.filter(function (form) {
      return !form.submitting && snapshot(form) !== form.savedState;
    });
  }
  guarded.forEach(function (form) {
    form.savedState = form.getAttribute("data-unsaved") === "dirty" ? null : snapshot(form);
    var note = form.querySelector("[data-unsaved-note]");
    function update() {
      if (note) {
        note.hidden = snapshot(form) === form.savedState;
      }
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function () {
      form.submitting = true;
    });
    update();
  });
  if (guarded.length) {
    window.addEventListener("beforeunload", function (event) {
      if (dirtyForms().length) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
  // The "Opening Salesforce" page moves on by itself (the Refresh header
  // does too; this is quicker).
  var follow = document.querySelector("a[data-follow]");
  if (follow) {
    window.location.replace(follow.href);
  }
})();
