/* paperdesk reader: an inline formula wider than its line gets a line of its own that scrolls
   sideways (class "math-wide"), so no formula widens the page or is cut off at its edge.
   Checked when the page is ready and whenever its width changes (window, side panel, zoom).
   Written for this project (plain ES2017); it changes classes only, never the text. */
(function () {
  "use strict";
  if (window.paperdeskWideMath) { return; }

  var lastWidth = -1;
  var queued = false;

  /* The nearest ancestor that is not inline: the box whose width the formula's line has. */
  function blockOf(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (getComputedStyle(p).display.indexOf("inline") !== 0) { return p; }
    }
    return document.body;
  }

  function innerWidth(block) {
    var style = getComputedStyle(block);
    return block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }

  /* Mark every inline formula wider than its block; unmark those that fit again. */
  function check() {
    queued = false;
    var spans = document.querySelectorAll(".math.inline");
    for (var i = 0; i < spans.length; i++) {
      var svg = spans[i].querySelector("svg");
      if (!svg) { continue; }
      var wide = svg.getBoundingClientRect().width > innerWidth(blockOf(spans[i])) + 0.5;
      spans[i].classList.toggle("math-wide", wide);
    }
    return document.querySelectorAll(".math-wide").length;
  }

  function onResize() {
    var width = document.documentElement.clientWidth;
    if (width === lastWidth || queued) { return; }
    lastWidth = width;
    queued = true;
    requestAnimationFrame(check);
  }

  function start() {
    check();
    lastWidth = document.documentElement.clientWidth;
    new ResizeObserver(onResize).observe(document.documentElement);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(check); }
  }

  window.paperdeskWideMath = { check: check };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
