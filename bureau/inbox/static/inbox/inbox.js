// After messages are marked read the server sends the new counts (HX-Trigger
// "inbox-counts"); keep the header badge in step without reloading the page.
// Bound once: boosted tab switches may run this file again on the same <body>.
if (!window.inboxCountsBound) {
  window.inboxCountsBound = true;
  document.body.addEventListener("inbox-counts", function (event) {
    var total = (event.detail.todo || 0) + (event.detail.unread || 0);
    var badge = document.querySelector('[data-testid="inbox-count"]');
    if (!badge) { return; }
    if (total > 0) { badge.firstChild.nodeValue = String(total); } else { badge.remove(); }
  });
}
