/* paperdesk reader: caret mode (F7) for choosing text without a mouse, hit marks for the
   current filter's words, and "the paragraph at the reading position". Written for this
   project. The caret is the page's own Selection moved with Selection.modify(); a thin bar
   drawn outside #content shows where it is, so the plain text (the anchoring contract) is
   never touched. */
(function () {
  "use strict";
  if (window.paperdeskCaret) { return; }

  var active = false;
  var bar = null;
  var hits = [];
  var hitIndex = -1;

  function content() { return document.getElementById("content") || document.body; }

  function blockOf(node) {
    for (var el = node && (node.nodeType === 1 ? node : node.parentNode); el && el !== document.body;
         el = el.parentNode) {
      if (/^(P|LI|BLOCKQUOTE|PRE|H[1-6]|TD|TH|DD|DT|FIGCAPTION)$/.test(el.tagName)) { return el; }
    }
    return null;
  }

  /* The first text-bearing block whose top is in the upper part of the window: where the reader is. */
  function readingBlock() {
    var blocks = content().querySelectorAll("p, li, blockquote, pre, h1, h2, h3, h4, h5, h6, td, dd");
    var fallback = null;
    for (var i = 0; i < blocks.length; i++) {
      var box = blocks[i].getBoundingClientRect();
      if (!blocks[i].textContent.trim() || box.height === 0) { continue; }
      if (box.bottom > 0 && fallback === null) { fallback = blocks[i]; }
      if (box.top >= 0 && box.top < window.innerHeight * 0.6) { return blocks[i]; }
    }
    return fallback;
  }

  function firstTextIn(el) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var p = node.parentNode; p && p !== el; p = p.parentNode) {
          if (p.classList && p.classList.contains("math")) { return NodeFilter.FILTER_REJECT; }
        }
        return node.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
    });
    return walker.nextNode();
  }

  function drawBar() {
    var sel = window.getSelection();
    if (!active || !sel || !sel.rangeCount) { if (bar) { bar.style.display = "none"; } return; }
    var range = document.createRange();
    range.setStart(sel.focusNode, sel.focusOffset);
    range.collapse(true);
    var rects = range.getClientRects();
    var box = rects.length ? rects[0] : (blockOf(sel.focusNode) || content()).getBoundingClientRect();
    if (!bar) {
      bar = document.createElement("div");
      bar.id = "paperdesk-caret";
      bar.setAttribute("aria-hidden", "true");
      document.body.appendChild(bar);
    }
    bar.style.display = "block";
    bar.style.left = (box.left + window.scrollX) + "px";
    bar.style.top = (box.top + window.scrollY) + "px";
    bar.style.height = Math.max(box.height, 14) + "px";
    var focusBox = bar.getBoundingClientRect();
    if (focusBox.top < 0 || focusBox.bottom > window.innerHeight) {
      window.scrollBy(0, focusBox.top - window.innerHeight / 3);
    }
  }

  function enter() {
    var sel = window.getSelection();
    if (!sel.rangeCount || !content().contains(sel.anchorNode)) {
      var block = readingBlock();
      var text = block && firstTextIn(block);
      if (!text) { return false; }
      sel.removeAllRanges();
      var range = document.createRange();
      range.setStart(text, text.textContent.search(/\S/));
      range.collapse(true);
      sel.addRange(range);
    }
    active = true;
    document.documentElement.classList.add("caret-mode");
    drawBar();
    return true;
  }

  function exit() {
    active = false;
    document.documentElement.classList.remove("caret-mode");
    drawBar();
  }

  /* Key -> [granularity, direction]; Shift extends instead of moving. */
  function motion(event) {
    var back = event.key === "ArrowLeft" || event.key === "ArrowUp";
    var dir = back ? "backward" : "forward";
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      return [event.ctrlKey ? "paragraph" : "line", dir];
    }
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      if (event.altKey) { return ["sentence", dir]; }
      return [event.ctrlKey ? "word" : "character", dir];
    }
    if (event.key === "Home" || event.key === "End") {
      return ["lineboundary", event.key === "Home" ? "backward" : "forward"];
    }
    return null;
  }

  function onKeyDown(event) {
    if (!active) { return; }
    if (event.key === "Escape") { exit(); event.preventDefault(); return; }
    var step = motion(event);
    if (!step) { return; }
    window.getSelection().modify(event.shiftKey ? "extend" : "move", step[1], step[0]);
    drawBar();
    event.preventDefault();
    event.stopPropagation();
  }

  /* Select the paragraph at the reading position (or the caret's); returns its text length. */
  function selectReadingParagraph() {
    var sel = window.getSelection();
    var block = (active && sel.rangeCount && blockOf(sel.focusNode)) || readingBlock();
    if (!block) { return 0; }
    var range = document.createRange();
    range.selectNodeContents(block);
    sel.removeAllRanges();
    sel.addRange(range);
    return sel.toString().length;
  }

  /* ---- hits of the current filter's words ---- */

  function clearHits() {
    for (var i = 0; i < hits.length; i++) {
      var mark = hits[i];
      var parent = mark.parentNode;
      if (!parent) { continue; }
      while (mark.firstChild) { parent.insertBefore(mark.firstChild, mark); }
      parent.removeChild(mark);
      parent.normalize();
    }
    hits = [];
    hitIndex = -1;
  }

  /* Wrap every case-insensitive occurrence of the words in <mark class="search-hit">. Marks add
     elements, not text, so plain-text offsets are unchanged. Returns the number of hits. */
  function markHits(words) {
    clearHits();
    var wanted = (words || []).map(function (w) { return String(w).toLowerCase(); })
      .filter(function (w) { return w.length > 1; });
    if (!wanted.length) { return 0; }
    var walker = document.createTreeWalker(content(), NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var p = node.parentNode; p && p !== document; p = p.parentNode) {
          if (p.classList && (p.classList.contains("math") || p.classList.contains("search-hit"))) {
            return NodeFilter.FILTER_REJECT;
          }
          if (p.tagName === "SCRIPT" || p.tagName === "STYLE") { return NodeFilter.FILTER_REJECT; }
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      var text = node.textContent, lower = text.toLowerCase(), spans = [];
      wanted.forEach(function (word) {
        for (var at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) {
          spans.push([at, at + word.length]);
        }
      });
      if (!spans.length) { return; }
      spans.sort(function (a, b) { return a[0] - b[0]; });
      var merged = [];
      spans.forEach(function (s) {
        var last = merged[merged.length - 1];
        if (last && s[0] <= last[1]) { last[1] = Math.max(last[1], s[1]); } else { merged.push(s.slice()); }
      });
      for (var i = merged.length - 1; i >= 0; i--) {
        var range = document.createRange();
        range.setStart(node, merged[i][0]);
        range.setEnd(node, merged[i][1]);
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        range.surroundContents(mark);
        hits.unshift(mark);
      }
    });
    hits.sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    return hits.length;
  }

  /* Step to the next (+1) or previous (-1) hit; returns [index, count] (index -1: none). */
  function stepHit(delta) {
    if (!hits.length) { return [-1, 0]; }
    if (hitIndex >= 0 && hits[hitIndex]) { hits[hitIndex].classList.remove("current"); }
    hitIndex = (hitIndex + delta + hits.length) % hits.length;
    var mark = hits[hitIndex];
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center" });
    return [hitIndex, hits.length];
  }

  document.addEventListener("keydown", onKeyDown, true);
  window.addEventListener("resize", drawBar);

  window.paperdeskCaret = {
    enter: enter,
    exit: exit,
    toggle: function () { if (active) { exit(); return false; } return enter(); },
    active: function () { return active; },
    selectReadingParagraph: selectReadingParagraph,
    markHits: markHits,
    stepHit: stepHit,
    hitCount: function () { return hits.length; }
  };
})();
