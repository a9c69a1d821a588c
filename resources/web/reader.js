/* paperdesk reader page script: the plain-text walker of the anchoring contract and
   offset <-> DOM range mapping. Written for this project (plain ES2017, no libraries).
   paperdesk.textOf(root) must equal Python's paperdesk.render.plain_text(html): every text
   node under root in document order, skipping elements with class "math" and
   <script>/<style>/<template>. The GUI's highlight.js builds on these functions. */
(function () {
  "use strict";
  if (window.paperdesk && window.paperdesk.textOf) { return; }

  var SKIPPED = { SCRIPT: true, STYLE: true, TEMPLATE: true };

  function skipsSubtree(el) {
    return SKIPPED[el.nodeName.toUpperCase()] === true || (el.classList && el.classList.contains("math"));
  }

  /* The counted text nodes under root, in document order. */
  function textNodes(root) {
    var nodes = [];
    if (!root) { return nodes; }
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (node.nodeType === Node.TEXT_NODE) { return NodeFilter.FILTER_ACCEPT; }
        return skipsSubtree(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      }
    });
    for (var n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push(n); }
    return nodes;
  }

  /* paperdeskPlainText(root): the plain text of root, as Python's plain_text() computes it. */
  function textOf(root) {
    var nodes = textNodes(root);
    var parts = new Array(nodes.length);
    for (var i = 0; i < nodes.length; i++) { parts[i] = nodes[i].data; }
    return parts.join("");
  }

  /* A DOM Range covering plain-text offsets [start, end) of root, or null when out of bounds. */
  function rangeFromOffsets(root, start, end) {
    if (!(start >= 0) || !(end >= start)) { return null; }
    var nodes = textNodes(root);
    var pos = 0;
    var startNode = null, startOffset = 0, endNode = null, endOffset = 0;
    for (var i = 0; i < nodes.length; i++) {
      var len = nodes[i].data.length;
      var next = pos + len;
      // start belongs to the first node that has a character at `start`
      if (startNode === null && start < next) { startNode = nodes[i]; startOffset = start - pos; }
      // end belongs to the first node that ends at or after it (and holds the last char)
      if (startNode !== null && endNode === null && end <= next && (end > pos || end === start)) {
        endNode = nodes[i]; endOffset = end - pos;
      }
      if (endNode !== null) { break; }
      pos = next;
    }
    if (startNode === null || endNode === null) {
      if (start === end && start === pos && nodes.length) {   // collapsed range at the very end
        var last = nodes[nodes.length - 1];
        startNode = endNode = last; startOffset = endOffset = last.data.length;
      } else {
        return null;
      }
    }
    var range = document.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    return range;
  }

  /* The plain-text offset of DOM boundary point (container, offset) under root. */
  function offsetOfPoint(root, nodes, container, offset) {
    var point = document.createRange();
    try {
      point.setStart(container, offset);
    } catch (e) {
      return null;
    }
    var pos = 0;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node === container) { return pos + Math.min(offset, node.data.length); }
      // comparePoint: -1 when (node, x) is before the point, 1 when after.
      if (point.comparePoint(node, 0) >= 0) { return pos; }
      if (point.comparePoint(node, node.data.length) > 0) { return pos; }
      pos += node.data.length;
    }
    return pos;
  }

  /* {start, end} plain-text offsets of a DOM Range inside root, or null when it is not inside. */
  function offsetsFromRange(root, range) {
    if (!range || !root.contains(range.commonAncestorContainer)) { return null; }
    var nodes = textNodes(root);
    var start = offsetOfPoint(root, nodes, range.startContainer, range.startOffset);
    var end = offsetOfPoint(root, nodes, range.endContainer, range.endOffset);
    if (start === null || end === null) { return null; }
    return { start: start, end: Math.max(start, end) };
  }

  window.paperdeskPlainText = textOf;
  window.paperdesk = Object.assign(window.paperdesk || {}, {
    textOf: textOf,
    textNodes: textNodes,
    rangeFromOffsets: rangeFromOffsets,
    offsetsFromRange: offsetsFromRange
  });
})();
