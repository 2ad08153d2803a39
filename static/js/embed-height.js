/* In an embedded calendar (/embed/…): tell the page that frames it how tall the content is, so the
 * snippet's script (/embed/resize.js) can size the iframe. Only the height is sent, to any parent
 * ("*"): it tells nothing about the visitor. Nothing happens when the calendar is not framed. */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "perhekeskus:height", height: height }, "*");
    }
  }
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(post).observe(document.documentElement);
  }
  window.addEventListener("load", post);
  post();
})();
