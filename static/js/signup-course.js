// A course sign-up: show the "some sessions are full" choice only when the party typed in does not
// fit every session, and mark which. Without this script the choice is always shown (the server
// asks again if it was needed and left empty), so nothing here is required for signing up.
(function () {
  "use strict";
  var box = document.querySelector("[data-course-choice]");
  if (!box) return;
  var form = box.closest("form");
  var bands = ["adults", "children_under_1", "children_1_to_2", "children_3_to_6", "children_7_plus"];
  function count(name) {
    var input = form.elements[name];
    var n = input ? parseInt(input.value, 10) : 0;
    return isNaN(n) || n < 0 ? 0 : n;
  }
  function fits(people, prams, peopleLeft, pramsLeft) {
    return people <= peopleLeft && (pramsLeft === "" || prams <= parseInt(pramsLeft, 10));
  }
  function update() {
    var people = bands.reduce(function (sum, name) { return sum + count(name); }, 0);
    var prams = count("prams");
    var anyFull = false;
    box.querySelectorAll("li[data-people-left]").forEach(function (item) {
      var full = !fits(people, prams, parseInt(item.dataset.peopleLeft, 10), item.dataset.pramsLeft);
      item.querySelector(".full-for-party").hidden = !full;
      anyFull = anyFull || full;
    });
    // Nowhere room (not even the roomiest session): the whole course is the waiting list, no choice.
    var roomSomewhere = fits(people, prams, parseInt(box.dataset.mostPeople, 10), box.dataset.mostPrams);
    var show = anyFull && roomSomewhere;
    box.hidden = !show;
    box.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.required = show;
      if (!show) radio.checked = false;
    });
  }
  form.addEventListener("input", update);
  update();
})();
