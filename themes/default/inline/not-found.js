// annexa 404 page: inlined into 404.html (its hash is in that page's Content-Security-Policy).
// A web server shows 404.html at whatever address was not found (/isms/docs/old/x.html), so
// its relative links would lead nowhere. This finds the site root over HTTP: the deepest
// folder of the address whose assets/style.css answers as a stylesheet. Then every link of
// the page, written relative to the root, is made to start there. Opened from the file
// system the page is at the root already and its links work as written.
(function () {
  "use strict";
  var html = document.documentElement;
  if (location.protocol !== "http:" && location.protocol !== "https:") { return; }
  var folders = [];
  var folder = location.pathname.slice(0, location.pathname.lastIndexOf("/") + 1);
  while (folder.length > 0) {
    folders.push(folder);
    if (folder === "/") { break; }
    folder = folder.slice(0, folder.lastIndexOf("/", folder.length - 2) + 1);
  }

  function isRoot(candidate) {
    return fetch(candidate + "assets/style.css", { method: "HEAD", cache: "no-store" })
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        return response.ok && type.indexOf("text/css") === 0;
      }, function () { return false; });
  }

  function relative(value) {
    return value !== null && value !== "" && value.charAt(0) !== "/" &&
      value.charAt(0) !== "#" && !/^[a-z][a-z0-9+.-]*:/i.test(value);
  }

  function rebase(root) {
    var attributes = ["href", "src", "action"];
    var nodes = document.querySelectorAll("[href], [src], [action]");
    for (var i = 0; i < nodes.length; i += 1) {
      for (var j = 0; j < attributes.length; j += 1) {
        var value = nodes[i].getAttribute(attributes[j]);
        if (relative(value)) { nodes[i].setAttribute(attributes[j], root + value); }
      }
    }
    html.setAttribute("data-root", root);
  }

  function tryFrom(index) {
    if (index >= folders.length) { return; }
    isRoot(folders[index]).then(function (found) {
      if (found) { rebase(folders[index]); } else { tryFrom(index + 1); }
    });
  }
  tryFrom(0);
}());
