// Small progressive enhancements. Every menu is a <details> element, so it
// works without JavaScript; this only closes open menus on Escape, on a click
// elsewhere, and when another menu opens.
(function () {
  function menus() {
    return document.querySelectorAll("details[data-menu]");
  }

  function closeAll(except) {
    Array.prototype.forEach.call(menus(), function (d) {
      if (d !== except && d.open) d.open = false;
    });
  }

  document.addEventListener("click", function (event) {
    var inside = event.target.closest && event.target.closest("details[data-menu]");
    closeAll(inside);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details[data-menu][open]");
    if (!open) return;
    open.open = false;
    var summary = open.querySelector("summary");
    if (summary) summary.focus();
  });
})();
