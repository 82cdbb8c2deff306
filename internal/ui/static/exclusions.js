// Sourcing exclusions: Delete rule asks first in a dialog. Without this
// file (or without <dialog>) the button deletes at once, as a plain form.
(function () {
  "use strict";
  var dialog = document.getElementById("delete-rule-dialog");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var name = dialog.querySelector("[data-rule-name]");
  var confirm = dialog.querySelector("[data-confirm-button]");
  var pending = null;
  document.querySelectorAll("form[data-confirm-delete]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.confirmed) {
        return;
      }
      event.preventDefault();
      pending = form;
      name.textContent = form.getAttribute("data-confirm-delete");
      confirm.textContent = "Delete rule " + form.getAttribute("data-confirm-delete");
      dialog.showModal();
    });
  });
  confirm.addEventListener("click", function () {
    if (!pending) {
      return;
    }
    pending.confirmed = true;
    dialog.close();
    pending.submit();
  });
  dialog.addEventListener("close", function () {
    if (pending && !pending.confirmed) {
      var button = pending.querySelector("button");
      if (button) {
        button.focus();
      }
      pending = null;
    }
  });
})();
