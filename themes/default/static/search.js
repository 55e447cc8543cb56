// annexa search: the header's search box (live results) and search.html, over the index
// that the build writes to assets/search-index.js (format annexa-search/2, described in
// src/render/search/mod.rs): documents, Annex A controls and overview pages, each result
// with an excerpt in which the query's words are marked (built from DOM text nodes: the
// index holds the authors' text, never HTML). Everything runs in the browser: no request leaves the site. The
// index is a script, not JSON fetched, so that search works from the file system too;
// pages other than search.html load it only when the search box is first used.
(function () {
  "use strict";
  var html = document.documentElement;
  var root = html.getAttribute("data-root") || "";
  var LIVE_LIMIT = 8;
  var PAGE_LIMIT = 200;
  // The columns of a row of the index.
  var KIND = 0, ID = 1, TITLE = 2, LABEL = 3, STATUS = 4, URL = 5, CONTROLS = 6, EXCERPT = 7;
  // Where an excerpt's first marked word may start before the excerpt is shown from a
  // little before it instead of from its start.
  var SNIPPET_LEAD = 140;

  // ---- Index loading ----------------------------------------------------------------
  var index = null;
  var waiting = [];
  var loadState = "idle"; // idle | loading | ready | failed

  function prepare() {
    var raw = window.annexaSearchIndex;
    if (!raw || raw.format !== "annexa-search/2" || !raw.rows || !raw.terms) { return false; }
    index = {
      rows: raw.rows,
      terms: raw.terms,
      postings: raw.postings,
      decoded: {},
      stop: {},
      statuses: raw.statuses || {}
    };
    (raw.stop || []).forEach(function (w) { index.stop[w] = true; });
    return true;
  }

  function withIndex(callback) {
    if (loadState === "ready") { callback(true); return; }
    if (loadState === "failed") { callback(false); return; }
    if (window.annexaSearchIndex && prepare()) { loadState = "ready"; callback(true); return; }
    waiting.push(callback);
    if (loadState === "loading") { return; }
    loadState = "loading";
    var script = document.createElement("script");
    script.src = root + "assets/search-index.js";
    script.addEventListener("load", function () {
      loadState = prepare() ? "ready" : "failed";
      var callbacks = waiting;
      waiting = [];
      callbacks.forEach(function (f) { f(loadState === "ready"); });
    });
    script.addEventListener("error", function () {
      loadState = "failed";
      var callbacks = waiting;
      waiting = [];
      callbacks.forEach(function (f) { f(false); });
    });
    document.head.appendChild(script);
  }

  // ---- Terms: must match `tokens` in src/render/search/tokens.rs ----------------------
  var LETTER_OR_DIGIT = /[\p{Alphabetic}\p{N}]/u;
  var JOINER = /[._-]/;
  var MARKS = /[\u0300-\u036f]/g;

  function fold(text) {
    return text.toLowerCase()
      .replace(/[\u00e0-\u017f]/g, function (c) { return c.normalize("NFD"); })
      .replace(MARKS, "");
  }

  function pushTerm(term, out) {
    var length = Array.from(term).length;
    if (length > 1 && length <= 40 && !(index && index.stop[term])) { out.push(term); }
  }

  function emit(term, out) {
    if (/[-_]/.test(term)) {
      term.split(/[-_]/).forEach(function (part) { pushTerm(part, out); });
    }
    pushTerm(term, out);
  }

  function tokens(text) {
    var chars = Array.from(fold(text));
    var out = [];
    var current = "";
    for (var i = 0; i < chars.length; i += 1) {
      var c = chars[i];
      var joins = JOINER.test(c) && current !== "" &&
        i + 1 < chars.length && LETTER_OR_DIGIT.test(chars[i + 1]);
      if (LETTER_OR_DIGIT.test(c) || joins) {
        current += c;
      } else if (current !== "") {
        emit(current, out);
        current = "";
      }
    }
    if (current !== "") { emit(current, out); }
    return out;
  }

  // ---- Search -----------------------------------------------------------------------
  function rowsOf(termIndex) {
    var cached = index.decoded[termIndex];
    if (cached) { return cached; }
    var rows = [];
    var row = 0;
    index.postings[termIndex].split(",").forEach(function (delta) {
      row += parseInt(delta, 36);
      rows.push(row);
    });
    index.decoded[termIndex] = rows;
    return rows;
  }

  // The first term not less than `prefix` (terms are in JavaScript string order).
  function lowerBound(prefix) {
    var lo = 0;
    var hi = index.terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (index.terms[mid] < prefix) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  // The forms of a query word that terms may begin with: `7.4` is also control `a.7.4`.
  function formsOf(word) {
    return /^\d+\.\d+$/.test(word) ? [word, "a." + word] : [word];
  }

  // Row → score for one query word: an exact term scores 3, a longer term it begins 1.
  function matches(word) {
    var hits = {};
    var forms = formsOf(word);
    forms.forEach(function (form) {
      var seen = 0;
      for (var i = lowerBound(form); i < index.terms.length && seen < 400; i += 1) {
        var term = index.terms[i];
        if (term.lastIndexOf(form, 0) !== 0) { break; }
        seen += 1;
        var score = term === form ? 3 : 1;
        rowsOf(i).forEach(function (row) {
          if (!hits[row] || hits[row] < score) { hits[row] = score; }
        });
      }
    });
    return hits;
  }

  // Documents holding every word of `query`, best first.
  function search(query) {
    var words = [];
    tokens(query).forEach(function (w) { if (words.indexOf(w) < 0) { words.push(w); } });
    if (!words.length) { return []; }
    var scores = null;
    words.forEach(function (word) {
      var hits = matches(word);
      if (scores === null) {
        scores = hits;
        return;
      }
      Object.keys(scores).forEach(function (row) {
        if (hits[row]) { scores[row] += hits[row]; } else { delete scores[row]; }
      });
    });
    // Exact id first (a control's `A.7.4` also as `7.4`), then title words, then a
    // document's controls, then the query's words in a row of their own in a control's
    // justification or a page's description (the ~100 rows that are not documents: the
    // check is too slow for thousands), then body terms.
    var exact = fold(query.trim());
    var phrase = words.length > 1 ? words.join(" ") : "";
    var results = Object.keys(scores).map(function (key) {
      var rowNumber = Number(key);
      var row = index.rows[rowNumber];
      var score = scores[key];
      var id = fold(row[ID]);
      if (id && (id === exact || id === "a." + exact)) { score += 1000; }
      var titleWords = tokens(row[TITLE]);
      var controls = row[CONTROLS] ? fold(row[CONTROLS]).split(" ") : [];
      words.forEach(function (w) {
        if (titleWords.indexOf(w) >= 0) {
          score += 20;
        } else if (titleWords.some(function (t) { return t.lastIndexOf(w, 0) === 0; })) {
          score += 8;
        }
        if (controls.indexOf(w) >= 0 || controls.indexOf("a." + w) >= 0) { score += 30; }
      });
      if (phrase && row[KIND] !== "d" && (" " + tokens(row[EXCERPT]).join(" ") + " ").indexOf(" " + phrase + " ") >= 0) {
        score += 15;
      }
      return { row: rowNumber, doc: row, words: words, score: score };
    });
    results.sort(function (a, b) { return b.score - a.score || a.row - b.row; });
    return results;
  }

  // ---- Rendering --------------------------------------------------------------------
  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Whether `term` (of a result's text) is one that a query word finds.
  function found(term, words) {
    return words.some(function (w) {
      return formsOf(w).some(function (form) { return term.lastIndexOf(form, 0) === 0; });
    });
  }

  // The words of `text` that the query found, as [start, end] offsets.
  var WORD = /[\p{Alphabetic}\p{N}]+(?:[._-][\p{Alphabetic}\p{N}]+)*/gu;
  function foundSpans(text, words) {
    var spans = [];
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      if (tokens(m[0]).some(function (t) { return found(t, words); })) {
        spans.push([m.index, m.index + m[0].length]);
      }
    }
    return spans;
  }

  // Appends `text` to `parent` as text nodes, the words the query found in <mark>.
  function appendMarked(parent, text, words) {
    var at = 0;
    foundSpans(text, words).forEach(function (span) {
      if (span[0] > at) { parent.appendChild(document.createTextNode(text.slice(at, span[0]))); }
      parent.appendChild(make("mark", null, text.slice(span[0], span[1])));
      at = span[1];
    });
    if (at < text.length) { parent.appendChild(document.createTextNode(text.slice(at))); }
  }

  // The part of an excerpt to show: from its start, or, when the first word the query found
  // is far into it, from a little before that word.
  function snippetText(text, words) {
    var spans = foundSpans(text, words);
    if (!spans.length || spans[0][0] <= SNIPPET_LEAD) { return text; }
    var from = text.lastIndexOf(" ", spans[0][0] - 40);
    return from > 0 ? "\u2026" + text.slice(from + 1) : text;
  }

  var KIND_LABELS = { c: "Annex A control", p: "Overview page" };

  function hitLink(result) {
    var row = result.doc;
    var words = result.words;
    var a = make("a", "hit hit-" + (row[KIND] === "c" ? "control" : row[KIND] === "p" ? "page" : "document"));
    a.href = root + row[URL];
    var title = make("span", "hit-title");
    if (row[ID]) {
      var id = make("span", "doc-id");
      appendMarked(id, row[ID], words);
      title.appendChild(id);
      title.appendChild(document.createTextNode(" "));
    }
    appendMarked(title, row[TITLE], words);
    a.appendChild(title);
    var meta = [];
    if (KIND_LABELS[row[KIND]]) { meta.push(KIND_LABELS[row[KIND]]); }
    if (row[LABEL]) { meta.push(row[LABEL]); }
    if (row[STATUS]) { meta.push(index.statuses[row[STATUS]] || row[STATUS]); }
    if (row[CONTROLS]) { meta.push(row[CONTROLS].split(" ").join(", ")); }
    a.appendChild(make("span", "hit-meta", meta.join(" \u00b7 ")));
    if (row[EXCERPT]) {
      var snippet = make("span", "hit-snippet");
      appendMarked(snippet, snippetText(row[EXCERPT], words), words);
      a.appendChild(snippet);
    }
    return a;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function searchPageHref(query) {
    return root + "search.html?q=" + encodeURIComponent(query);
  }

  // ---- The header's search box with live results -------------------------------------
  function setUpLive(form) {
    var input = form.querySelector(".search-input");
    var panel = form.querySelector(".search-live");
    if (!input || !panel) { return; }
    var timer = null;

    function close() {
      panel.hidden = true;
      panel.textContent = "";
    }

    function links() { return Array.prototype.slice.call(panel.querySelectorAll("a")); }

    function show() {
      var query = input.value;
      if (!query.trim()) { close(); return; }
      withIndex(function (ready) {
        if (input.value !== query) { return; }
        panel.textContent = "";
        var status = make("p");
        status.setAttribute("role", "status");
        panel.appendChild(status);
        if (!ready) {
          status.textContent = "The search index could not be loaded.";
          panel.hidden = false;
          return;
        }
        var results = search(query);
        status.textContent = results.length ? plural(results.length, "result") : "Nothing matches.";
        var list = make("ul");
        results.slice(0, LIVE_LIMIT).forEach(function (r) {
          var li = make("li");
          li.appendChild(hitLink(r));
          list.appendChild(li);
        });
        panel.appendChild(list);
        if (results.length > LIVE_LIMIT) {
          var more = make("a", "more", "All " + plural(results.length, "result"));
          more.href = searchPageHref(query);
          panel.appendChild(more);
        }
        panel.hidden = false;
      });
    }

    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(show, 60);
    });
    form.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault();
        if (at <= 0) { input.focus(); } else { all[at - 1].focus(); }
      } else if (event.key === "Escape") {
        if (!panel.hidden) {
          event.preventDefault();
          close();
          input.focus();
        }
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !form.contains(event.relatedTarget)) {
        window.setTimeout(function () {
          if (!form.contains(document.activeElement)) { close(); }
        }, 0);
      }
    });
    form.addEventListener("submit", function (event) {
      if (!input.value.trim()) { event.preventDefault(); }
    });
  }

  // ---- search.html --------------------------------------------------------------------
  function setUpPage() {
    var form = document.getElementById("search-page-form");
    var input = document.getElementById("search-page-input");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    if (!form || !input || !status || !list) { return; }
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    var header = document.getElementById("search-input");
    if (header) { header.value = input.value; }

    function show() {
      var query = input.value;
      withIndex(function (ready) {
        list.textContent = "";
        if (!ready) {
          status.textContent = "The search index (assets/search-index.js) could not be loaded.";
          return;
        }
        if (!query.trim()) {
          status.textContent = "Type a document id, a title, a control such as A.5.15, a page such as \u201cStatement of Applicability\u201d, or any words.";
          return;
        }
        var results = search(query);
        status.textContent = results.length
          ? plural(results.length, "result") + (results.length === 1 ? " matches" : " match") +
            " \u201c" + query.trim() + "\u201d" +
            (results.length > PAGE_LIMIT ? "; the first " + PAGE_LIMIT + " are shown." : ".")
          : "Nothing matches \u201c" + query.trim() + "\u201d.";
        results.slice(0, PAGE_LIMIT).forEach(function (r) {
          var li = make("li");
          li.appendChild(hitLink(r));
          list.appendChild(li);
        });
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        show();
        try {
          window.history.replaceState(null, "", input.value ? "?q=" + encodeURIComponent(input.value) : "?");
        } catch (e) { /* pages opened from the file system may refuse; the results show all the same */ }
      }, 80);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show();
    });
    show();
    if (!input.value) { input.focus(); }
  }

  // ---- "/" focuses the search box -------------------------------------------------------
  function setUpShortcut() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
      var target = event.target;
      var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
      if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) {
        return;
      }
      var box = document.getElementById("search-page-input") || document.getElementById("search-input");
      if (box) {
        event.preventDefault();
        box.focus();
        box.select();
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".search-form"), setUpLive);
    setUpPage();
    setUpShortcut();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  // For tests and other scripts: the same search the page runs.
  window.annexaSearch = function (query, callback) {
    withIndex(function (ready) { callback(ready ? search(query) : null); });
  };
}());
