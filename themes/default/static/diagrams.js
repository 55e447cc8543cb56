// annexa theme: draws the Mermaid diagrams of a document page. Loaded (deferred, after
// assets/vendor/mermaid.min.js) only by pages that have a diagram. Each diagram's source is
// a <pre class="diagram-source">, which stays as it is without JavaScript; here a <div
// class="diagram"> after it gets the source as text and Mermaid draws it there (mermaid.run,
// in Mermaid's strict security level: labels are text, no links or scripts), and the source
// is hidden. The colours follow the system's scheme; in the dark scheme a light copy is drawn
// too, for printing on paper. A diagram Mermaid cannot read keeps its source, with the
// reason above it.
(function () {
  "use strict";
  var mermaid = window.mermaid;
  var sources = Array.prototype.slice.call(document.querySelectorAll("pre.diagram-source"));
  if (!mermaid || sources.length === 0) { return; }
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var drawing = Promise.resolve();

  function container(pre, className) {
    var div = document.createElement("div");
    div.className = className;
    div.textContent = pre.textContent;
    return div;
  }

  function draw(theme, div) {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      suppressErrorRendering: true,
      theme: theme,
      // The dark theme's edge labels (#ccc on #585858) fall just short of WCAG AA contrast.
      themeVariables: theme === "dark" ? { edgeLabelBackground: "#3a3a3a" } : {}
    });
    return mermaid.run({ nodes: [div] });
  }

  function showError(pre, error) {
    var note = pre.previousElementSibling;
    if (!note || !note.classList.contains("diagram-error")) {
      note = document.createElement("p");
      note.className = "diagram-error";
      pre.parentNode.insertBefore(note, pre);
    }
    var reason = String((error && error.message) || error).split("\n")[0];
    note.textContent = "This diagram could not be drawn (" + reason + "); its source is shown instead.";
    pre.hidden = false;
  }

  // Mermaid draws at 100% of the width; on a phone a wide flowchart would shrink to
  // unreadable text. It shrinks no further than 560 px (or its own width): the box scrolls
  // sideways instead, and can then be scrolled from the keyboard.
  function keepReadable(figure) {
    var svg = figure.querySelector("svg");
    if (!svg) { return; }
    var natural = parseFloat(svg.style.maxWidth);
    if (natural > 0) { svg.style.minWidth = Math.min(natural, 560) + "px"; }
    if (figure.scrollWidth > figure.clientWidth) {
      figure.tabIndex = 0;
      figure.setAttribute("role", "group");
      figure.setAttribute("aria-label", "Diagram (scrolls sideways)");
    }
  }

  function render(pre, isDark) {
    // Drawn out of sight but laid out (Mermaid measures the text as it draws), so that
    // neither the source twice nor a failed drawing ever shows.
    var figures = isDark
      ? [container(pre, "diagram diagram-drawing"), container(pre, "diagram diagram-drawing")]
      : [container(pre, "diagram diagram-drawing")];
    var finished = isDark ? ["diagram diagram-screen", "diagram diagram-print"] : ["diagram"];
    var next = pre.nextElementSibling;
    while (next && next.classList.contains("diagram")) {
      next.parentNode.removeChild(next);
      next = pre.nextElementSibling;
    }
    var after = pre;
    figures.forEach(function (f) {
      after.parentNode.insertBefore(f, after.nextSibling);
      after = f;
    });
    var done = draw(isDark ? "dark" : "default", figures[0]);
    if (isDark) {
      done = done.then(function () { return draw("default", figures[1]); });
    }
    return done.then(function () {
      figures.forEach(function (f, i) {
        f.className = finished[i];
        keepReadable(f);
      });
      pre.hidden = true;
      var note = pre.previousElementSibling;
      if (note && note.classList.contains("diagram-error")) { note.parentNode.removeChild(note); }
    }, function (error) {
      figures.forEach(function (f) { f.parentNode.removeChild(f); });
      showError(pre, error);
    });
  }

  function renderAll() {
    var isDark = !!(dark && dark.matches);
    // One diagram at a time: Mermaid's settings are global.
    sources.forEach(function (pre) {
      drawing = drawing.then(function () { return render(pre, isDark); });
    });
  }

  renderAll();
  if (dark && dark.addEventListener) { dark.addEventListener("change", renderAll); }
}());
