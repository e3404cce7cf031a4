// Agora works without this file. It only asks before destructive actions
// (without it, the server asks on a page of its own: src/web/confirm.rs),
// offers this device's time zone first in time zone lists, and installs
// the service worker (offline page, cached static files).
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
// A time zone list (src/web/zones.rs): this device's zone, if the list has
// it, in a group of its own after the member's; chosen when the form asks
// (a new event of a member without a zone).
document.querySelectorAll("select[data-zones]").forEach(function (select) {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  var own = select.querySelector("optgroup[data-own-zone]");
  var known = false;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) known = true;
  }
  if (!zone || !known || (own && own.querySelector("option").value === zone)) return;
  var group = document.createElement("optgroup");
  group.label = select.getAttribute("data-browser-label");
  var option = new Option(zone, zone);
  group.appendChild(option);
  select.insertBefore(group, own ? own.nextSibling : select.firstChild);
  if (select.hasAttribute("data-zone-suggest")) option.selected = true;
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
      var folded = form.closest("details");
      if (folded) folded.open = true;
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
