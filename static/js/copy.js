/* Copy buttons (templates/venues/workspace/_copy_field.html), a progressive enhancement.
 *
 * Each readonly field marked data-copy-source is selected in full when it gets focus or a click,
 * so one more Ctrl+C (or the phone's Copy) copies it all. Each button data-copy="<field id>",
 * hidden in the markup, is shown and copies the field's text with the Clipboard API (falling back
 * to the selection and execCommand), then says so in the field's role="status" line. Without
 * JavaScript the readonly fields are all there is: select the text and copy it.
 */
(function () {
  "use strict";

  var CLEAR_AFTER_MS = 4000;

  function selectAll(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function say(id, text) {
    var status = document.querySelector('[data-copy-status="' + id + '"]');
    if (!status) {
      return;
    }
    status.textContent = text;
    window.clearTimeout(status._clear);
    status._clear = window.setTimeout(function () {
      status.textContent = "";
    }, CLEAR_AFTER_MS);
  }

  function fallbackCopy(field) {
    selectAll(field);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function init() {
    var sources = document.querySelectorAll("[data-copy-source]");
    Array.prototype.forEach.call(sources, function (field) {
      field.addEventListener("focus", function () {
        field.select();
      });
      field.addEventListener("click", function () {
        selectAll(field);
      });
    });
    var buttons = document.querySelectorAll("[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var id = button.getAttribute("data-copy");
      var field = document.getElementById(id);
      if (!field) {
        return;
      }
      var done = button.getAttribute("data-label-copied") || "Copied.";
      var failed = button.getAttribute("data-label-failed") || "";
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = field.value;
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(
            function () {
              say(id, done);
            },
            function () {
              say(id, fallbackCopy(field) ? done : failed);
            }
          );
        } else {
          say(id, fallbackCopy(field) ? done : failed);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
