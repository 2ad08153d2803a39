/* Copy buttons (templates/venues/workspace/_copy_field.html), a progressive enhancement.
 *
 * Each text to copy is an element marked data-copy-source (a <pre><code>, whose CSS user-select: all
 * already selects it in full on one click, without this script). Here it is also selected when it
 * gets the keyboard's focus, so one more Ctrl+C (or the phone's Copy) copies it all. Each button
 * data-copy="<source id>", hidden in the markup, is shown and copies the source's text with the
 * Clipboard API (falling back to the selection and execCommand), then says so in the source's
 * role="status" line. Without JavaScript the texts are all there is: one click, then copy.
 */
(function () {
  "use strict";

  var CLEAR_AFTER_MS = 4000;

  function textOf(source) {
    return source.value !== undefined ? source.value : source.textContent;
  }

  function selectAll(source) {
    if (document.activeElement !== source) {
      source.focus();
    }
    if (typeof source.select === "function") {
      source.select(); // an <input> or <textarea>
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
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
        var text = textOf(field);
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
