// The risk register: filters by level, owner, treatment and status, and sorting by any
// column (click a heading; again to reverse). The table is complete without JavaScript;
// this only hides and reorders rows.
(function () {
  "use strict";
  var form = document.getElementById("risk-filters");
  var table = document.getElementById("risk-table");
  if (!form || !table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var output = form.elements.namedItem("count");
  function apply() {
    var wanted = {};
    ["level", "owner", "treatment", "status"].forEach(function (name) {
      wanted[name] = form.elements.namedItem(name).value;
    });
    var shown = 0;
    rows.forEach(function (row) {
      var visible = Object.keys(wanted).every(function (name) {
        return !wanted[name] || row.dataset[name] === wanted[name];
      });
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    if (output) { output.value = shown + " of " + rows.length + " risks shown"; }
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();

  var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function key(row, column, numeric) {
    var cell = row.cells[column];
    if (numeric) { return parseFloat(cell.dataset.value || "0"); }
    return cell.textContent.trim().toLowerCase();
  }
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  headings.forEach(function (heading, column) {
    var numeric = heading.dataset.sort === "number";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    while (heading.firstChild) { button.appendChild(heading.firstChild); }
    heading.appendChild(button);
    heading.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var ascending = heading.getAttribute("aria-sort") !== "ascending";
      headings.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
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
}());
