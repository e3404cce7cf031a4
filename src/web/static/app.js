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
