// The visitor's local time under each deadline shown in the challenge's
// time zone, when the two differ. Without a script the times stay as they
// are, in the challenge's zone, which the page names.
(function () {
  function show() {
    var times = document.querySelectorAll("time[data-local-time]");
    if (!times.length || !window.Intl) return;
    var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: "medium",
      timeStyle: "short",
    });
    var here = format.resolvedOptions().timeZone;
    var shown = false;
    Array.prototype.forEach.call(times, function (time) {
      if (time.nextElementSibling && time.nextElementSibling.classList.contains("challenge-local")) return;
      var moment = new Date(time.getAttribute("datetime"));
      if (isNaN(moment)) return;
      if (time.getAttribute("data-local-time") === here) return;
      var local = format.format(moment);
      var hint = document.createElement("span");
      hint.className = "challenge-local";
      hint.textContent = local;
      time.insertAdjacentElement("afterend", hint);
      shown = true;
    });
    var note = document.querySelector("[data-local-hint]");
    if (note && shown) note.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", show);
  document.addEventListener("htmx:afterSwap", show);
})();
