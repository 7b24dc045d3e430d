/* Drafts of long forms kept in this browser (localStorage) so nothing typed is lost.
 *
 * A form with data-autosave="key" saves its values a moment after each change and shows
 * "已在本机保存草稿 10:42". When the page opens with a draft that differs from what the
 * server holds, the user may restore it or discard it. A submitted form clears its draft
 * once the server accepts it (the page it lands on has no form with that key).
 */
(function () {
  "use strict";
  var PREFIX = "bureau-draft:";
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "file" && el.type !== "submit" && el.type !== "button";
    });
  }
  function values(form) {
    var data = {};
    fields(form).forEach(function (el) {
      data[el.name] = (el.type === "checkbox" || el.type === "radio") ? (el.checked ? el.value : (data[el.name] || "")) : el.value;
    });
    return data;
  }
  function hhmm(date) {
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }
  function same(a, b) {
    return Object.keys(a).every(function (k) { return (a[k] || "") === (b[k] || ""); });
  }
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-autosave");
    var status = form.querySelector(".autosave-status");
    var timer = null;
    var bound = form.querySelector(".is-invalid") !== null;  // the server returned errors: what it shows is what was typed
    function show(text) { if (status) { status.textContent = text; } }
    function save() {
      try {
        var now = new Date();
        localStorage.setItem(key, JSON.stringify({ at: now.toISOString(), values: values(form) }));
        show("已在本机保存草稿 " + hhmm(now));
      } catch (e) { show(""); }
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 800); });
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(save, 300); });
    form.addEventListener("submit", function () { clearTimeout(timer); save(); sessionStorage.setItem(PREFIX + "submitted", key); });
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { raw = null; }
    if (!raw || bound) { return; }
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { localStorage.removeItem(key); return; }
    if (same(draft.values, values(form))) { show("已在本机保存草稿 " + hhmm(new Date(draft.at))); return; }
    var bar = document.createElement("div");
    bar.className = "alert alert-info py-2 d-flex flex-wrap align-items-center gap-2";
    bar.setAttribute("role", "status");
    bar.setAttribute("data-testid", "draft-offer");
    bar.innerHTML = '<span>发现 ' + hhmm(new Date(draft.at)) + ' 在本机保存、尚未提交的草稿。</span>' +
      '<button type="button" class="btn btn-sm btn-primary" data-act="restore">恢复草稿</button>' +
      '<button type="button" class="btn btn-sm btn-outline-secondary" data-act="discard">放弃草稿</button>';
    form.parentNode.insertBefore(bar, form);
    bar.addEventListener("click", function (ev) {
      var act = ev.target.getAttribute("data-act");
      if (act === "restore") {
        fields(form).forEach(function (el) {
          if (!(el.name in draft.values)) { return; }
          if (el.type === "checkbox" || el.type === "radio") { el.checked = draft.values[el.name] === el.value; }
          else { el.value = draft.values[el.name]; }
        });
        show("已恢复 " + hhmm(new Date(draft.at)) + " 的草稿，请检查后保存");
        bar.remove();
      } else if (act === "discard") {
        localStorage.removeItem(key);
        bar.remove();
      }
    });
  });
  // The previous page submitted a form and this page has no form with its key: it was saved.
  try {
    var submitted = sessionStorage.getItem(PREFIX + "submitted");
    if (submitted && !document.querySelector('form[data-autosave="' + submitted.slice(PREFIX.length) + '"]')) {
      localStorage.removeItem(submitted);
      sessionStorage.removeItem(PREFIX + "submitted");
    }
  } catch (e) { /* storage unavailable: drafts are a convenience only */ }
})();
