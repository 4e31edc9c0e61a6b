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

// Images in post forms (forum/_image_button.html). Without a script the
// member presses "Upload" and copies the Markdown from a new tab; with one, a
// chosen image uploads through the API at once and its Markdown goes in at
// the cursor.
(function () {
  function enhance(root) {
    var buttons = (root || document).querySelectorAll("[data-image-upload-submit]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = true;
    });
  }

  function insert(textarea, text) {
    if (!textarea) return;
    var start = textarea.selectionStart;
    var before = textarea.value.slice(0, start);
    var after = textarea.value.slice(textarea.selectionEnd);
    var snippet = (before && before.slice(-1) !== "\n" ? "\n" : "") + text + "\n";
    textarea.value = before + snippet + after;
    var cursor = before.length + snippet.length;
    textarea.focus();
    textarea.setSelectionRange(cursor, cursor);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function upload(input) {
    var box = input.closest("[data-image-upload]");
    var file = input.files && input.files[0];
    if (!box || !file) return;
    var form = document.getElementById(input.getAttribute("form"));
    var token = form && form.querySelector("[name=csrfmiddlewaretoken]");
    var status = box.querySelector("[data-image-upload-status]");
    var data = new FormData();
    data.append("file", file);
    status.textContent = box.dataset.uploading;
    input.disabled = true;
    fetch(box.dataset.url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            if (!response.ok || !body.markdown) throw new Error(body.detail || box.dataset.failed);
            return body;
          });
      })
      .then(function (body) {
        insert(document.getElementById(box.dataset.textarea), body.markdown);
        status.textContent = box.dataset.done;
      })
      .catch(function (error) {
        // Our own errors carry the server's translated sentence; a network
        // failure (TypeError) gets ours.
        var ours = error && !(error instanceof TypeError) && error.message;
        status.textContent = ours || box.dataset.failed;
      })
      .finally(function () {
        input.disabled = false;
        input.value = "";
      });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("[data-image-upload] input[type=file]")) upload(input);
  });
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });
  enhance(document);
})();
