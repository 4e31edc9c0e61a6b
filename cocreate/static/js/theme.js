// Colour theme: "auto" follows the system (prefers-color-scheme); "light" and
// "dark" override it. Loaded in <head> without defer so the saved choice is
// applied before first paint; the toggle button is wired once the DOM exists.
(function () {
  var KEY = "theme";
  var ORDER = ["auto", "light", "dark"];
  var root = document.documentElement;

  function read() {
    try {
      var saved = localStorage.getItem(KEY);
      return ORDER.indexOf(saved) >= 0 ? saved : "auto";
    } catch (e) {
      return "auto";
    }
  }

  function apply(theme) {
    root.dataset.theme = theme;
  }

  function store(theme) {
    try {
      if (theme === "auto") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, theme);
    } catch (e) { /* private mode: the choice lasts for this page only */ }
  }

  function label(button, theme) {
    // One translated sentence per state, in data-label-auto/-light/-dark.
    var text = button.getAttribute("data-label-" + theme) || theme;
    button.setAttribute("data-state", theme);
    button.setAttribute("title", text);
    button.setAttribute("aria-label", text);
  }

  apply(read());

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-theme-toggle]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false; // useless without JavaScript, so hidden until now
      label(button, read());
      button.addEventListener("click", function () {
        var theme = ORDER[(ORDER.indexOf(read()) + 1) % ORDER.length];
        store(theme);
        apply(theme);
        Array.prototype.forEach.call(buttons, function (b) { label(b, theme); });
      });
    });
  });
})();
