// Sync section: the directions table shows only the objects that are
// turned on. Progressive enhancement: without this file the server
// shows the rows of the objects saved as on.
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-sync-object]"));
  var empty = document.querySelector("[data-directions-empty]");
  function update() {
    var any = false;
    boxes.forEach(function (box) {
      var row = document.querySelector('tr[data-object-row="' + box.value + '"]');
      if (row) {
        row.hidden = !box.checked;
      }
      any = any || box.checked;
    });
    if (empty) {
      empty.hidden = any;
    }
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", update);
  });
  update();
})();
