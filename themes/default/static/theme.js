// annexa theme: the sidebar's document tree (from assets/nav.js), the phone menu, keyboard
// access to wide tables and the print button. Loaded in <head> without defer so that the
// "js" class is set before the first paint; everything else waits for the document.
// Without JavaScript the sidebar shows the site's main sections and every page still works.
(function () {
  "use strict";
  var html = document.documentElement;
  html.classList.add("js");
  var root = html.getAttribute("data-root") || "";
  var page = html.getAttribute("data-page") || "";

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // ---- Sidebar tree ----------------------------------------------------------------
  // A folder or section is {label, folders, docs}; a document is [id, title, url, status?].
  // Children are rendered when first opened, so a page with 10,000 documents in the tree
  // builds only the branch it is on.

  function holdsPage(node) {
    var docs = node.docs || [];
    for (var i = 0; i < docs.length; i += 1) {
      if (docs[i][2] === page) { return true; }
    }
    var folders = node.folders || [];
    for (var j = 0; j < folders.length; j += 1) {
      if (holdsPage(folders[j])) { return true; }
    }
    return false;
  }

  function docItem(doc) {
    var li = make("li", "side-doc");
    var a = make("a");
    a.href = root + doc[2];
    if (doc[2] === page) { a.setAttribute("aria-current", "page"); }
    a.appendChild(make("span", "side-id", doc[0]));
    var title = make("span", "side-title", doc[1]);
    a.appendChild(title);
    if (doc[3]) {
      var labels = { draft: "draft", "in-review": "in review", retired: "retired" };
      a.appendChild(make("span", "side-status", labels[doc[3]] || doc[3]));
    }
    li.appendChild(a);
    return li;
  }

  function fillChildren(node, list) {
    (node.folders || []).forEach(function (folder) {
      var li = make("li", "side-folder");
      var row = make("div", "side-row");
      var label = make("span", "side-folder-label", folder.label);
      li.appendChild(row);
      attachToggle(row, li, folder, folder.label);
      row.appendChild(label);
      list.appendChild(li);
    });
    (node.docs || []).forEach(function (doc) { list.appendChild(docItem(doc)); });
  }

  // Puts a disclosure button at the start of `row`; its list of children goes into `item`.
  function attachToggle(row, item, node, name) {
    var button = make("button", "side-toggle");
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", name);
    row.insertBefore(button, row.firstChild);
    var list = null;
    function open(expanded) {
      if (expanded && !list) {
        list = make("ul", "side-children");
        fillChildren(node, list);
        item.appendChild(list);
      }
      if (list) { list.hidden = !expanded; }
      button.setAttribute("aria-expanded", expanded ? "true" : "false");
    }
    button.addEventListener("click", function () {
      open(button.getAttribute("aria-expanded") !== "true");
    });
    if (holdsPage(node)) { open(true); }
  }

  // The sections (one per document type) go into the sidebar's placeholder, after the
  // pinned documents (annexa.toml's [navigation] pinned) when there are any; without
  // JavaScript, or without nav.js, the placeholder stays hidden and the main pages remain.
  function buildTree() {
    var nav = window.annexaNav;
    var holder = document.querySelector("[data-nav-tree]");
    if (!nav || !nav.sections || !holder) { return; }
    var heading = holder.querySelector("h2");
    if (nav.pinned && nav.pinned.length) {
      var pinnedHeading = make("h2", "side-heading", "Key documents");
      pinnedHeading.id = "side-pinned-heading";
      var pinned = make("ul", "side-tree side-pinned");
      pinned.setAttribute("aria-labelledby", pinnedHeading.id);
      nav.pinned.forEach(function (doc) { pinned.appendChild(docItem(doc)); });
      holder.insertBefore(pinned, heading);
      holder.insertBefore(pinnedHeading, pinned);
    }
    var list = make("ul", "side-tree");
    if (heading && heading.id) { list.setAttribute("aria-labelledby", heading.id); }
    nav.sections.forEach(function (section) {
      var item = make("li", "side-section");
      item.setAttribute("data-section", section.key);
      var row = make("div", "side-row");
      var link = make("a");
      link.href = root + section.href;
      link.appendChild(document.createTextNode(section.label));
      link.appendChild(make("span", "side-count", String(section.count)));
      row.appendChild(link);
      item.appendChild(row);
      attachToggle(row, item, section, section.label);
      list.appendChild(item);
    });
    holder.appendChild(list);
    holder.hidden = false;
    var current = document.querySelector(".sidebar .side-doc a[aria-current='page']");
    var sidebar = document.getElementById("sidebar");
    // Scroll the sidebar (not the page) to the current document when it is out of view.
    if (current && sidebar && sidebar.scrollHeight > sidebar.clientHeight &&
        current.offsetTop + current.offsetHeight > sidebar.clientHeight) {
      sidebar.scrollTop = Math.max(0, current.offsetTop - sidebar.clientHeight / 3);
    }
  }

  // ---- Phone menu -----------------------------------------------------------------
  function setUpMenu() {
    var button = document.querySelector(".menu-toggle");
    var sidebar = document.getElementById("sidebar");
    if (!button || !sidebar) { return; }
    button.addEventListener("click", function () {
      var open = !html.classList.contains("nav-open");
      html.classList.toggle("nav-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && html.classList.contains("nav-open")) {
        html.classList.remove("nav-open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  // ---- Print button (print.html) ----------------------------------------------------
  function setUpPrint() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // ---- Scrolling tables and code -----------------------------------------------------
  // A region that scrolls (sideways, or down: a long table in its own box) must be reachable
  // by keyboard to be scrolled without a mouse: give it a tab stop (and a name), only while
  // it actually overflows.
  function markScrollers() {
    var regions = document.querySelectorAll(".table-wrap, pre, .doc-body table, .timeline-scroll");
    Array.prototype.forEach.call(regions, function (region) {
      var sideways = region.scrollWidth > region.clientWidth + 1;
      var down = region.classList.contains("table-wrap") && region.scrollHeight > region.clientHeight + 1;
      var scrolls = sideways || down;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        if (region.tagName !== "TABLE") {
          region.setAttribute("role", "region");
          region.setAttribute("aria-label", region.tagName === "PRE" ? "Code (scrolls sideways)" :
            region.classList.contains("timeline-scroll") ? "Timeline (scrolls sideways)" :
            (sideways ? "Table (scrolls sideways)" : "Table (scrolls down)"));
        }
        region.setAttribute("data-scroller", "");
      } else if (!scrolls && region.hasAttribute("data-scroller")) {
        region.removeAttribute("tabindex");
        region.removeAttribute("role");
        region.removeAttribute("aria-label");
        region.removeAttribute("data-scroller");
      }
    });
  }

  function start() {
    markScrollers();
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(markScrollers, 150);
    });
    buildTree();
    setUpMenu();
    setUpPrint();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
