/* Perhekeskus: embedded calendars take the height of their content.
 * Pasted with the calendar's iframe on another site. Listens for the height the calendar page
 * posts (only from {{ origin }}, only for an iframe showing it) and sets that iframe's height.
 * Without this script the iframe keeps its fixed height and the calendar scrolls inside it. */
(function () {
  "use strict";
  if (window.__perhekeskusResize) {
    return; // one listener, however many calendars the page has
  }
  window.__perhekeskusResize = true;
  var ORIGIN = {{ origin_json|safe }};
  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN || !event.data || event.data.type !== "perhekeskus:height") {
      return;
    }
    var height = Number(event.data.height);
    if (!isFinite(height) || height < 100 || height > 20000) {
      return;
    }
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.ceil(height) + "px";
      }
    }
  });
})();
