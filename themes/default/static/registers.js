// The supplier, asset and obligation registers. Filters: each <select> of a
// form.register-filters matches the rows' data attribute of its name (the supplier register
// filters by CSS alone). Sorting: click a heading of a table.sortable; again to reverse.
// The tables are complete without JavaScript; this only hides and reorders rows.
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  Array.prototype.forEach.call(document.querySelectorAll("form.register-filters"), function (form) {
    var table = document.getElementById(form.dataset.table);
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var output = form.elements.namedItem("count");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (select) {
          return !select.value || row.dataset[select.name] === select.value;
        });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (output) { output.value = shown + " of " + rows.length + " shown"; }
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  });

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
    function key(row, column, numeric) {
      var cell = row.cells[column];
      if (numeric) { return parseFloat(cell.dataset.value || "0"); }
      return (cell.dataset.value || cell.textContent).trim().toLowerCase();
    }
    headings.forEach(function (heading, column) {
      if (!heading.dataset.sort) { return; }
      var numeric = heading.dataset.sort === "number";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (heading.firstChild) { button.appendChild(heading.firstChild); }
      heading.appendChild(button);
      heading.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = heading.getAttribute("aria-sort") !== "ascending";
        headings.forEach(function (h) { if (h.dataset.sort) { h.setAttribute("aria-sort", "none"); } });
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          var x = key(a, column, numeric);
          var y = key(b, column, numeric);
          var order = numeric ? x - y : collator.compare(x, y);
          return ascending ? order : -order;
        });
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
}());
