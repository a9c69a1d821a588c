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

  /* Tell Python (through highlight.js's bridge) that caret mode went on or off. */
  function notify() {
    if (window.paperdeskHL && window.paperdeskHL.notify) { window.paperdeskHL.notify({ kind: "caret", active: active }); }
  }

  /* The selection's anchor and focus as plain-text offsets, to put it back after the DOM changed. */
  function save() {
    var sel = window.getSelection();
    if (!active || !sel || !sel.rangeCount || !window.paperdesk) { return null; }
    function offsetOf(node, offset) {
      var range = document.createRange();
      try { range.setStart(node, offset); } catch (e) { return null; }
      range.collapse(true);
      var found = window.paperdesk.offsetsFromRange(content(), range);
      return found ? found.start : null;
    }
    var anchor = offsetOf(sel.anchorNode, sel.anchorOffset), focus = offsetOf(sel.focusNode, sel.focusOffset);
    return anchor === null || focus === null ? null : { anchor: anchor, focus: focus };
  }

  function restore(saved) {
    if (!saved || !active) { return; }
    var a = window.paperdesk.rangeFromOffsets(content(), saved.anchor, saved.anchor);
    var f = window.paperdesk.rangeFromOffsets(content(), saved.focus, saved.focus);
    if (!a || !f) { return; }
    window.getSelection().setBaseAndExtent(a.startContainer, a.startOffset, f.startContainer, f.startOffset);
    drawBar();
  }

  function blockOf(node) {
    for (var el = node && (node.nodeType === 1 ? node : node.parentNode); el && el !== document.body;
         el = el.parentNode) {
      if (/^(P|LI|BLOCKQUOTE|PRE|H[1-6]|TD|TH|DD|DT|FIGCAPTION)$/.test(el.tagName)) { return el; }
    }
    return null;
  }

  var NESTED_BLOCKS = "p, ul, ol, dl, blockquote, pre, table, figure, div, h1, h2, h3, h4, h5, h6";

  /* The first block with text of its own whose top is in the upper part of the window: where the
     reader is. Headings are passed over: "the paragraph I am reading" is never the title above it. */
  function readingBlock() {
    var blocks = content().querySelectorAll("p, li, blockquote, pre, td, dd");
    var fallback = null;
    for (var i = 0; i < blocks.length; i++) {
      var box = blocks[i].getBoundingClientRect();
      if (!ownRange(blocks[i]) || box.height === 0) { continue; }
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
    var was = active;
    active = true;
    document.documentElement.classList.add("caret-mode");
    drawBar();
    if (!was) { notify(); }
    return true;
  }

  function exit() {
    var was = active;
    active = false;
    document.documentElement.classList.remove("caret-mode");
    drawBar();
    if (was) { notify(); }
  }

  function setActive(on) {
    if (on) { return enter(); }
    exit();
    return false;
  }

  /* Key -> [granularity, direction]; Shift extends instead of moving.
     Left/Right: character, Ctrl word, Alt sentence; Up/Down: line, Ctrl paragraph; Home/End: line
     ends, Ctrl+Home/End: the document's. Selection.modify's "paragraph" stops at the end of a
     block and not the start of the next, so a paragraph step forward steps once more over the gap. */
  function motion(event) {
    var key = event.key;
    var back = key === "ArrowLeft" || key === "ArrowUp";
    var dir = back ? "backward" : "forward";
    if (key === "ArrowUp" || key === "ArrowDown") {
      return [event.ctrlKey || event.metaKey ? "paragraph" : "line", dir];
    }
    if (key === "ArrowLeft" || key === "ArrowRight") {
      if (event.altKey) { return ["sentence", dir]; }
      return [event.ctrlKey || event.metaKey ? "word" : "character", dir];
    }
    if (key === "Home" || key === "End") {
      var whole = event.ctrlKey || event.metaKey;
      return [whole ? "documentboundary" : "lineboundary", key === "Home" ? "backward" : "forward"];
    }
    return null;
  }

  function onKeyDown(event) {
    if (!active) { return; }
    if (event.key === "Escape") { exit(); event.preventDefault(); return; }
    var step = motion(event);
    if (!step) { return; }
    move(event.shiftKey ? "extend" : "move", step[1], step[0]);
    drawBar();
    event.preventDefault();
    event.stopPropagation();
  }

  /* One caret step; stays inside #content (the header and page chrome are not text to highlight). */
  function move(alter, dir, granularity) {
    var sel = window.getSelection();
    var before = save();
    if (granularity === "paragraph") {
      paragraphStep(alter, dir, before);
      return;
    }
    sel.modify(alter, dir, granularity);
    if (!content().contains(sel.focusNode) && before) { restore(before); }
  }

  /* Paragraph steps on our own blocks (Selection.modify's "paragraph" keeps the caret's x and
     sticks in the last paragraph): forward to the start of the next block (the end of the last),
     backward to the start of this block, or of the one before when already there. */
  function paragraphStep(alter, dir, before) {
    if (!before || !window.paperdesk) { return; }
    var root = content(), text = window.paperdesk.textOf(root), starts = [];
    root.querySelectorAll("p, li, blockquote, pre, h1, h2, h3, h4, h5, h6, td, th, dd, dt, figcaption")
      .forEach(function (block) {
        var range = document.createRange();
        range.selectNodeContents(block);
        var at = window.paperdesk.offsetsFromRange(root, range);
        if (!at) { return; }
        var start = at.start;
        while (start < at.end && /\s/.test(text.charAt(start))) { start += 1; }
        if (start < at.end) { starts.push(start); }
      });
    starts.sort(function (a, b) { return a - b; });
    var focus = before.focus, target = null, i;
    if (dir === "forward") {
      for (i = 0; i < starts.length && target === null; i++) { if (starts[i] > focus) { target = starts[i]; } }
      if (target === null) { target = text.replace(/\s+$/, "").length; }
    } else {
      for (i = starts.length - 1; i >= 0 && target === null; i--) { if (starts[i] < focus) { target = starts[i]; } }
      if (target === null) { target = starts.length ? starts[0] : 0; }
    }
    restore({ anchor: alter === "extend" ? before.anchor : target, focus: target });
  }

  /* Select the paragraph at the reading position (or the caret's); returns its text length. */
  function selectReadingParagraph() {
    var sel = window.getSelection();
    var block = (active && sel.rangeCount && blockOf(sel.focusNode)) || readingBlock();
    var range = block && ownRange(block);
    if (!range) { return 0; }
    sel.removeAllRanges();
    sel.addRange(range);
    return sel.toString().length;
  }

  /* The block's own text: up to its first nested block (a list item's sub-list is not part of
     its paragraph). Null when it has no text of its own. */
  function ownRange(block) {
    var range = document.createRange();
    range.selectNodeContents(block);
    var nested = block.querySelector(NESTED_BLOCKS);
    if (nested) { range.setEndBefore(nested); }
    return range.toString().trim() ? range : null;
  }

  /* "h": highlight the paragraph at the reading position (or the caret's) in a palette colour;
     returns the quote, or null when there is no paragraph. */
  function highlightReadingParagraph(color) {
    if (!selectReadingParagraph() || !window.paperdeskHL) { return null; }
    var made = window.paperdeskHL.applySelection(color);
    return made ? made.quote : null;
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

  /* Lower case without accents, one UTF-16 unit per unit (a character whose folded form is
     longer is kept as it is), so positions in the folded text are positions in the text. */
  var folded = {};

  function foldChar(c) {
    if (!(c in folded)) {
      var f = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      var lower = c.toLowerCase();
      folded[c] = f.length === 1 ? f : lower.length === 1 ? lower : c;
    }
    return folded[c];
  }

  function fold(text) {
    return text.replace(/[A-Z]+/g, function (run) { return run.toLowerCase(); })
      .replace(/[^\x00-\x7f]/g, foldChar);
  }

  /* Wrap every case- and accent-insensitive occurrence of the words in <mark class="search-hit">.
     Marks add elements, not text, so plain-text offsets are unchanged. Returns the number of hits. */
  function markHits(words) {
    var saved = save();
    var n = markWords(words);
    restore(saved);
    return n;
  }

  function markWords(words) {
    clearHits();
    var wanted = (words || []).map(function (w) { return fold(String(w)); })
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
      var text = node.textContent, lower = fold(text), spans = [];
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

  /* Step to the next (+1) or previous (-1) hit; returns JSON "[index, count]" (index -1: none). */
  function stepHit(delta) {
    return JSON.stringify(step(delta));
  }

  function step(delta) {
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
    setActive: setActive,
    save: save,
    restore: restore,
    highlightReadingParagraph: highlightReadingParagraph,
    toggle: function () { if (active) { exit(); return false; } return enter(); },
    active: function () { return active; },
    selectReadingParagraph: selectReadingParagraph,
    markHits: markHits,
    stepHit: stepHit,
    hitCount: function () { return hits.length; }
  };
})();
