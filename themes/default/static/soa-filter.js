// Filters the rows of the SoA table by theme, applicability, status and the review state of
// the documents that implement each control.
// The table is complete without JavaScript; this only hides rows.
(function () {
  "use strict";
  var form = document.getElementById("soa-filters");
  var table = document.getElementById("soa-table");
  if (!form || !table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var output = form.elements.namedItem("count");
  function apply() {
    var theme = form.elements.namedItem("theme").value;
    var applicable = form.elements.namedItem("applicable").value;
    var status = form.elements.namedItem("status").value;
    var reviewsField = form.elements.namedItem("reviews");
    var reviews = reviewsField ? reviewsField.value : "";
    var shown = 0;
    rows.forEach(function (row) {
      var visible = (!theme || row.dataset.theme === theme) &&
        (!applicable || row.dataset.applicable === applicable) &&
        (!status || row.dataset.status === status) &&
        (!reviews || (row.dataset.reviews || "").split(" ").indexOf(reviews) !== -1);
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    if (output) { output.value = shown + " of " + rows.length + " controls shown"; }
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
}());
