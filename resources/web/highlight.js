/* paperdesk reader: the page side of the Python bridge (QWebChannel, JSON), highlight painting,
   the selection colour palette and the image enlarger. Written for this project; it relies on
   reader.js (paperdesk.textOf / rangeFromOffsets / offsetsFromRange) for the plain-text walker. */
(function () {
  "use strict";
  if (window.paperdeskHL) { return; }

  var SKIP_PARENTS = { TABLE: 1, THEAD: 1, TBODY: 1, TFOOT: 1, TR: 1, UL: 1, OL: 1, DL: 1, COLGROUP: 1 };
  var bridge = null;
  var palette = [];            // [[hex, meaning], ...] from Python
  var paletteBox = null;
  var overlay = null;
  var scrollTimer = null;

  function content() { return document.getElementById("content") || document.body; }

  function pageVersion() {
    var match = /[?&]v=([^&#]*)/.exec(location.search);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function pycmd(message, onReply) {
    if (!bridge) { return; }
    message.v = pageVersion();
    bridge.call(JSON.stringify(message), function (reply) {
      if (onReply) { onReply(reply ? JSON.parse(reply) : {}); }
    });
  }

  /* ---- plain text and offsets (delegated to reader.js, the anchoring contract) ---- */

  function plainText() { return window.paperdesk.textOf(content()); }

  function rangeFor(start, end) { return window.paperdesk.rangeFromOffsets(content(), start, end); }

  function offsetsOf(range) { return window.paperdesk.offsetsFromRange(content(), range); }

  function insideMath(node) {
    for (var el = node.parentNode; el && el !== document; el = el.parentNode) {
      if (el.classList && el.classList.contains("math")) { return true; }
    }
    return false;
  }

  /* ---- painting ---- */

  /* Whitespace between blocks (the "\n" between </h2> and <p>) must stay unwrapped: a <mark>
     there would become an anonymous line box and push the next block down. */
  function betweenBlocks(node) {
    var parent = node.parentNode;
    if (SKIP_PARENTS[parent.nodeName]) { return true; }
    var neighbours = [node.previousSibling, node.nextSibling];
    for (var i = 0; i < neighbours.length; i++) {
      var el = neighbours[i];
      if (el && el.nodeType === Node.ELEMENT_NODE &&
          getComputedStyle(el).display.indexOf("inline") !== 0) { return true; }
    }
    return false;
  }

  function textNodesIn(range) {
    var root = range.commonAncestorContainer;
    if (root.nodeType === Node.TEXT_NODE) { return [root]; }
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return range.intersectsNode(node) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push(n); }
    return nodes;
  }

  function wrapRange(range, item) {
    var nodes = textNodesIn(range);
    var marks = [];
    nodes.forEach(function (node) {
      if (insideMath(node)) { return; }
      var from = node === range.startContainer ? range.startOffset : 0;
      var to = node === range.endContainer ? range.endOffset : node.data.length;
      if (to <= from) { return; }
      var parent = node.parentNode;
      if (!parent || (!node.data.trim() && betweenBlocks(node))) { return; }
      var target = node;
      if (to < target.data.length) { target.splitText(to); }
      if (from > 0) { target = target.splitText(from); }
      var mark = document.createElement("mark");
      mark.className = "hl hl-" + item.color;
      mark.setAttribute("data-id", item.id);
      if (item.note) { mark.title = item.note; }
      target.parentNode.insertBefore(mark, target);
      mark.appendChild(target);
      marks.push(mark);
    });
    if (marks.length) {
      marks[0].classList.add("hl-first");
      marks[marks.length - 1].classList.add("hl-last");
    }
    return marks.length;
  }

  function clearMarks() {
    var marks = content().querySelectorAll("mark.hl[data-id]");
    var parents = [];
    marks.forEach(function (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) { parent.insertBefore(mark.firstChild, mark); }
      parent.removeChild(mark);
      if (parents.indexOf(parent) < 0) { parents.push(parent); }
    });
    parents.forEach(function (p) { p.normalize(); });
  }

  function paint(items) {
    clearMarks();
    var painted = 0;
    (items || []).forEach(function (item) {
      if (item.start == null || item.end == null || item.end <= item.start) { return; }
      var range = rangeFor(item.start, item.end);
      if (range && wrapRange(range, item) > 0) { painted += 1; }
    });
    return painted;
  }

  function setPalette(colours) {
    palette = colours || [];
    var style = document.documentElement.style;
    palette.forEach(function (entry, i) { style.setProperty("--hl-" + i, entry[0]); });
    if (paletteBox) { paletteBox.remove(); paletteBox = null; }
  }

  function scrollToHighlight(id) {
    var mark = content().querySelector('mark.hl[data-id="' + CSS.escape(String(id)) + '"]');
    if (!mark) { return false; }
    mark.scrollIntoView({ block: "center" });
    var all = content().querySelectorAll('mark.hl[data-id="' + CSS.escape(String(id)) + '"]');
    all.forEach(function (m) { m.classList.add("hl-flash"); });
    setTimeout(function () { all.forEach(function (m) { m.classList.remove("hl-flash"); }); }, 900);
    return true;
  }

  /* ---- selection -> palette -> highlight ---- */

  function selectionRange() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    if (!content().contains(range.commonAncestorContainer)) { return null; }
    return range;
  }

  /* The selection as trimmed plain-text offsets {start, end, quote}, or null. */
  function selectionOffsets() {
    var range = selectionRange();
    if (!range) { return null; }
    var offsets = offsetsOf(range);
    if (!offsets) { return null; }
    var start = offsets.start, end = offsets.end;
    var text = plainText();
    // Trim surrounding whitespace so a double-click or a sloppy drag gives a clean quote.
    while (start < end && /\s/.test(text.charAt(start))) { start += 1; }
    while (end > start && /\s/.test(text.charAt(end - 1))) { end -= 1; }
    if (end <= start) { return null; }
    return { start: start, end: end, quote: text.slice(start, end) };
  }

  function applySelection(color) {
    var offsets = selectionOffsets();
    if (!offsets) { return null; }
    var start = offsets.start, end = offsets.end;
    var created = { kind: "highlight-created", start: start, end: end,
                    quote: offsets.quote, color: color | 0 };
    var caretOn = window.paperdeskCaret && window.paperdeskCaret.active();
    if (caretOn) { window.getSelection().collapseToEnd(); } else { window.getSelection().removeAllRanges(); }
    hidePalette();
    pycmd(created);
    return { start: start, end: end, quote: created.quote, color: created.color };
  }

  function buildPalette() {
    var box = document.createElement("div");
    box.id = "paperdesk-palette";
    box.setAttribute("role", "toolbar");
    for (var i = 0; i < Math.max(palette.length, 5); i += 1) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pd-swatch hl-" + i;
      button.setAttribute("data-color", String(i));
      var meaning = palette[i] ? palette[i][1] : "";
      button.title = (meaning ? meaning + " " : "") + "(" + (i + 1) + ")";
      button.textContent = String(i + 1);
      box.appendChild(button);
    }
    box.addEventListener("mousedown", function (event) { event.preventDefault(); });
    box.addEventListener("click", function (event) {
      var target = event.target.closest("button[data-color]");
      if (target) { applySelection(parseInt(target.getAttribute("data-color"), 10)); }
    });
    document.body.appendChild(box);
    return box;
  }

  function showPalette() {
    var range = selectionRange();
    if (!range) { hidePalette(); return; }
    var rects = range.getClientRects();
    var rect = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    if (!paletteBox) { paletteBox = buildPalette(); }
    paletteBox.style.display = "flex";
    var width = paletteBox.offsetWidth || 160;
    var left = Math.min(Math.max(4, rect.right + window.scrollX - width / 2),
                        window.scrollX + document.documentElement.clientWidth - width - 4);
    paletteBox.style.left = left + "px";
    paletteBox.style.top = (rect.bottom + window.scrollY + 8) + "px";
  }

  function hidePalette() { if (paletteBox) { paletteBox.style.display = "none"; } }

  /* ---- image enlarger ---- */

  function showImage(img) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "paperdesk-overlay";
      overlay.addEventListener("click", hideImage);
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var big = document.createElement("img");
    big.alt = img.alt || "";
    big.onload = function () { fitImage(big); };
    big.src = img.currentSrc || img.src;
    overlay.appendChild(big);
    if (img.alt) {
      var caption = document.createElement("div");
      caption.className = "pd-caption";
      caption.textContent = img.alt;
      overlay.appendChild(caption);
    }
    overlay.style.display = "flex";
  }

  /* Scale the image up (or down) to fill most of the window, keeping its proportions. */
  function fitImage(big) {
    var width = big.naturalWidth || 1, height = big.naturalHeight || 1;
    var scale = Math.min(window.innerWidth * 0.92 / width, window.innerHeight * 0.84 / height);
    big.style.width = Math.round(width * scale) + "px";
    big.style.height = Math.round(height * scale) + "px";
  }

  function hideImage() { if (overlay) { overlay.style.display = "none"; } }

  function imageShown() { return !!overlay && overlay.style.display === "flex"; }

  /* ---- events ---- */

  function onClick(event) {
    if (event.button !== 0) { return; }
    var mark = event.target.closest && event.target.closest("mark.hl[data-id]");
    var sel = window.getSelection();
    if (mark && sel && sel.isCollapsed) {
      pycmd({ kind: "highlight-clicked", id: mark.getAttribute("data-id") });
      return;
    }
    var img = event.target.closest && event.target.closest("#content img");
    if (img && !img.closest("a[href]") && !img.closest(".math")) {
      event.preventDefault();
      showImage(img);
    }
  }

  /* Links are routed by Python over the bridge, never followed as navigations: a refused
     navigation leaves the next page without its scripts. In-page #fragment links scroll here. */
  function onLinkClick(event) {
    if (event.button !== 0 && event.button !== 1) { return; }
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link) { return; }
    var written = link.getAttribute("href") || "";
    if (written.charAt(0) === "#") { return; }
    event.preventDefault();
    event.stopPropagation();
    if (event.type === "click" && event.button !== 0) { return; }
    pycmd({ kind: "link", href: link.href, button: event.button });
  }

  function onMouseUp(event) {
    if (paletteBox && paletteBox.contains(event.target)) { return; }
    setTimeout(showPalette, 0);
  }

  function onKeyDown(event) {
    if (event.key === "Escape") { hideImage(); hidePalette(); }
  }

  function onScroll() {
    if (scrollTimer) { return; }
    scrollTimer = setTimeout(function () {
      scrollTimer = null;
      pycmd({ kind: "scroll", y: Math.round(window.scrollY) });
    }, 120);
  }

  function scrollAfterLoad(reply) {
    if (reply.anchor) {
      var target = document.getElementById(reply.anchor);
      if (target) { target.scrollIntoView(); return; }
    }
    if (reply.highlight != null) { scrollToHighlight(reply.highlight); return; }
    if (reply.scrollY) { window.scrollTo(0, reply.scrollY); }
  }

  function announce() {
    if (!window.paperdesk || !window.paperdesk.textOf) {
      // Without the walker there are no trustworthy offsets: say so, paint nothing.
      pycmd({ kind: "ready", text: "", error: "reader.js is missing" }, function () {
        pycmd({ kind: "painted", count: 0, y: Math.round(window.scrollY) });
      });
      return;
    }
    var text = plainText();
    pycmd({ kind: "ready", text: text }, function (reply) {
      setPalette(reply.palette);
      var painted = paint(reply.highlights);
      scrollAfterLoad(reply);
      pycmd({ kind: "painted", count: painted, y: Math.round(window.scrollY), fits: fitsOnScreen() });
    });
  }

  function fitsOnScreen() {
    return document.documentElement.scrollHeight <= window.innerHeight + 2;
  }

  function whenDomReady(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback, { once: true });
    } else {
      callback();
    }
  }

  function start() {
    // Injected at document creation: the channel handshake runs while the page is parsed,
    // and the page announces itself once both the channel and the DOM are ready.
    var pending = 2;
    function oneReady() { pending -= 1; if (pending === 0) { announce(); } }
    new QWebChannel(qt.webChannelTransport, function (channel) {
      bridge = channel.objects.bridge;
      oneReady();
    });
    whenDomReady(function () {
      document.addEventListener("click", onLinkClick, true);
      document.addEventListener("auxclick", onLinkClick, true);
      document.addEventListener("click", onClick);
      document.addEventListener("mouseup", onMouseUp);
      document.addEventListener("keydown", onKeyDown);
      document.addEventListener("selectionchange", function () {
        if (!selectionRange()) { hidePalette(); }
      });
      window.addEventListener("scroll", onScroll, { passive: true });
      // the page has the keyboard focus: highlight.css draws the reader's focus ring
      var root = document.documentElement;
      window.addEventListener("focus", function () { root.classList.add("pd-focused"); });
      window.addEventListener("blur", function () { root.classList.remove("pd-focused"); });
      root.classList.toggle("pd-focused", document.hasFocus());
      oneReady();
    });
  }

  /* Show a new status and tags in the page header in place (no reload: the selection stays).
     tags: [[name, "#rrggbb" or null], ...]; text only, never markup. */
  function setHeader(status, tags) {
    var h = document.getElementById("entry-header"); if (!h) { return false; }
    var s = h.querySelector(".status");
    if (s) { s.textContent = status; s.className = "status status-" + status; }
    var box = h.querySelector(".entry-tags");
    if (!tags.length) { if (box) { box.remove(); } return true; }
    if (!box) { box = document.createElement("div"); box.className = "entry-tags"; h.appendChild(box); }
    box.textContent = "";
    tags.forEach(function (t) {
      var chip = document.createElement("span"); chip.className = "tag"; chip.setAttribute("data-tag", t[0]);
      if (t[1]) {
        var dot = document.createElement("span"); dot.className = "tag-dot";
        dot.style.background = t[1]; chip.appendChild(dot);
      }
      chip.appendChild(document.createTextNode(t[0])); box.appendChild(chip);
    });
    return true;
  }

  window.paperdeskHL = {
    paint: paint,
    setPalette: setPalette,
    applySelection: applySelection,
    selectionOffsets: selectionOffsets,
    selectionJSON: function () { return JSON.stringify(selectionOffsets()); },
    setHeader: setHeader,
    scrollToAnchor: function (id) {
      var target = document.getElementById(id);
      if (target) { target.scrollIntoView(); }
    },
    scrollToHighlight: scrollToHighlight,
    showPalette: showPalette,
    showImage: showImage,
    hideImage: hideImage,
    imageShown: imageShown,
    plainText: plainText,
    notify: function (message) { pycmd(message); },
    repaint: function (items) {
      var y = window.scrollY;
      var caret = window.paperdeskCaret ? window.paperdeskCaret.save() : null;
      var n = paint(items);
      if (caret) { window.paperdeskCaret.restore(caret); }
      window.scrollTo(0, y);
      return n;
    }
  };

  start();
})();
