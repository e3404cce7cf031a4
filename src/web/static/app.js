// Agora works without this file. It only asks before destructive actions
// (without it, the server asks on a page of its own: src/web/confirm.rs)
// and installs the service worker (offline page, cached static files).
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (!question) return;
  if (!window.confirm(question)) {
    event.preventDefault();
    return;
  }
  if (form.elements.confirmed) form.elements.confirmed.value = "1";
});
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  });
}
// Forms marked data-keep (a new post, a draft): what is typed stays in this
// browser until the server has answered the form with a page. If the
// connection drops while sending, the text is back when the page is opened
// again (the back button, or later), with a word saying so.
(function () {
  var PREFIX = "agora-keep:";
  function typed(form) {
    return Array.prototype.filter.call(form.elements, function (e) {
      return e.name && (e.tagName === "TEXTAREA" || (e.tagName === "INPUT" && e.type === "text"));
    });
  }
  var entry = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0] : null;
  var sent = sessionStorage.getItem("agora-sent");
  if (sent && entry && entry.type === "navigate" && !(entry.responseStatus >= 400)) {
    localStorage.removeItem(sent);
    sessionStorage.removeItem("agora-sent");
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-keep]"), function (form) {
    var key = PREFIX + form.getAttribute("data-keep");
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
    if (kept) {
      typed(form).forEach(function (e) { if (kept[e.name]) e.value = kept[e.name]; });
      var note = document.createElement("p");
      note.className = "notice";
      note.setAttribute("role", "status");
      note.textContent = form.getAttribute("data-kept");
      form.insertBefore(note, form.firstChild);
    }
    function keep() {
      var values = {};
      typed(form).forEach(function (e) { if (e.value) values[e.name] = e.value; });
      try { localStorage.setItem(key, JSON.stringify(values)); } catch (e) { /* full or refused */ }
    }
    form.addEventListener("input", keep);
    form.addEventListener("submit", function () { keep(); sessionStorage.setItem("agora-sent", key); });
  });
})();
