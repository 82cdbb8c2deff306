// sfbridge admin UI, one-time operations: polls the status of every
// unfinished operation about once a second and updates its status,
// progress bar and text in place. Without this file the page refreshes
// itself while an operation is unfinished.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-op-status-url]"));
  var waiting = rows.filter(function (row) {
    return row.getAttribute("data-op-finished") !== "true";
  });
  if (!waiting.length || typeof window.fetch !== "function") {
    return;
  }
  var announcer = document.getElementById("op-announce");
  var interval = 1000;
  var open = waiting.length;

  function part(row, name) {
    return row.querySelector('[data-op="' + name + '"]');
  }

  function setText(el, text) {
    if (el && el.textContent !== text) {
      el.textContent = text;
    }
  }

  function announce(text) {
    if (announcer) {
      announcer.textContent = text;
    }
  }

  function update(row, s) {
    var status = part(row, "status");
    if (status) {
      setText(status, s.status_label);
      status.className = "badge badge-" + s.status_class + " op-status";
    }
    var bar = row.querySelector("progress");
    if (bar) {
      if (s.bar_known) {
        bar.max = s.bar_max;
        bar.value = s.bar_value;
        setText(bar, s.percent + "%");
      } else {
        bar.removeAttribute("value");
        setText(bar, s.progress_text);
      }
    }
    setText(part(row, "text"), s.progress_text);
    setText(part(row, "percent"), s.bar_known ? s.percent + "%" : "");
    setText(part(row, "message"), s.message);
    setText(part(row, "calls"), s.api_calls);
    var cancel = part(row, "cancel");
    if (cancel && !s.cancellable) {
      if (cancel.contains(document.activeElement)) {
        row.querySelector("th").setAttribute("tabindex", "-1");
        row.querySelector("th").focus();
      }
      cancel.parentNode.removeChild(cancel);
    }
  }

  // finished marks a row done; when the last one is, the page is loaded
  // again to show the results.
  function finished(row, s) {
    row.setAttribute("data-op-finished", "true");
    announce(row.getAttribute("data-op-label") + ": " + s.status_label.toLowerCase() + ". " + s.progress_text + ".");
    open--;
    if (open === 0) {
      window.setTimeout(function () {
        window.location.replace(window.location.pathname);
      }, 1500);
    }
  }

  function poll(row) {
    window.fetch(row.getAttribute("data-op-status-url"), {
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json" }
    }).then(function (res) {
      if (!res.ok) {
        throw new Error("status " + res.status);
      }
      return res.json();
    }).then(function (s) {
      update(row, s);
      if (s.finished) {
        finished(row, s);
      } else {
        window.setTimeout(function () { poll(row); }, interval);
      }
    }).catch(function () {
      setText(part(row, "message"), "Progress could not be updated. Reload the page to see where the operation stands.");
    });
  }

  waiting.forEach(function (row) {
    window.setTimeout(function () { poll(row); }, interval);
  });
})();
