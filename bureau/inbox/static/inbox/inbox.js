// After messages are marked read the server sends the new counts (HX-Trigger
// "inbox-counts"); keep the header badge in step without reloading the page.
document.body.addEventListener("inbox-counts", function (event) {
  var total = (event.detail.todo || 0) + (event.detail.unread || 0);
  var badge = document.querySelector('[data-testid="inbox-count"]');
  if (!badge) { return; }
  if (total > 0) { badge.firstChild.nodeValue = String(total); } else { badge.remove(); }
});
