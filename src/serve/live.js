// annexa serve: reloads the page when a rebuild changed it and shows build errors over the
// page. Injected by `annexa serve` only; never part of a built site.
(function () {
  "use strict";
  var OVERLAY_ID = "annexa-error-overlay";

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) { old.remove(); }
  }

  function showOverlay(text) {
    removeOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "annexa build errors");
    var s = box.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
    // Opaque: the page's own text must not show through the errors.
    s.background = "rgb(20, 10, 10)"; s.color = "#ffe7e7"; s.padding = "2rem";
    s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    var title = document.createElement("h2");
    title.textContent = "annexa: the last change does not build — the last good version is still served";
    title.style.color = "#ff9d9d"; title.style.fontSize = "16px"; title.style.margin = "0 0 1rem";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.whiteSpace = "pre-wrap"; pre.style.margin = "0";
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page reloads by itself.";
    hint.style.color = "#d8b4b4";
    var hide = document.createElement("button");
    hide.type = "button";
    hide.textContent = "Show the last good version";
    hide.addEventListener("click", removeOverlay);
    box.appendChild(title); box.appendChild(pre); box.appendChild(hint); box.appendChild(hide);
    document.body.appendChild(box);
    hide.focus();
  }

  function apply(status) {
    if (status && status.errors) { showOverlay(status.text); } else { removeOverlay(); }
  }

  function checkStatus() {
    fetch("/__annexa/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(apply)
      .catch(function () { /* the server is restarting */ });
  }

  // The file of the site this tab shows, as the server names it (`docs/pol-a.html`).
  function shownFile() {
    var path;
    try { path = decodeURIComponent(window.location.pathname); } catch (e) { return null; }
    path = path.replace(/^\/+/, "");
    if (path === "" || path.charAt(path.length - 1) === "/") { path += "index.html"; }
    return path;
  }

  // `changed` lists the files of the site the rebuild changed; null means all of them.
  function onReload(event) {
    var changed = null;
    try { changed = JSON.parse(event.data).changed; } catch (e) { changed = null; }
    var shown = shownFile();
    if (!Array.isArray(changed) || shown === null || changed.indexOf(shown) >= 0) {
      window.location.reload();
    } else {
      checkStatus();
    }
  }

  var source = new EventSource("/__annexa/events");
  source.addEventListener("reload", onReload);
  source.addEventListener("failed", function (event) { showOverlay(event.data); });
  source.addEventListener("open", checkStatus);
  checkStatus();
}());
