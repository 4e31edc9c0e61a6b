// Apply the saved colour theme before first paint; the toggle button cycles it.
(function () {
  var saved = localStorage.getItem("theme");
  if (saved) document.documentElement.dataset.theme = saved;
})();
