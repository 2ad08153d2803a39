/* The coordinate picker of the workspace's venue forms (templates/venues/workspace/_map_picker.html),
 * a progressive enhancement of the latitude and longitude fields.
 *
 * A click on the map puts the marker there; dragging the marker moves it; either writes the point
 * into the two fields (six decimals, with the page's decimal separator, as the localized fields
 * expect). Typing into the fields moves the marker. Without JavaScript or Leaflet the map stays
 * hidden and the fields work alone. Tiles and attribution come from the json_script block named
 * by data-map-picker (settings MAP_TILE_URL, as on the public venue map).
 *
 * CSP-safe: no inline script, no eval, no markup from data.
 */
(function () {
  "use strict";

  var PLACED_ZOOM = 17;

  function readConfig(element) {
    var source = document.getElementById(element.getAttribute("data-map-picker"));
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function parse(value) {
    var number = parseFloat(String(value || "").trim().replace(",", "."));
    return isFinite(number) ? number : null;
  }

  function format(number, separator) {
    return number.toFixed(6).replace(".", separator || ".");
  }

  function build(element) {
    var config = readConfig(element);
    var latField = document.getElementById(element.getAttribute("data-latitude"));
    var lonField = document.getElementById(element.getAttribute("data-longitude"));
    if (!config || !config.tiles || !latField || !lonField) {
      return;
    }
    element.hidden = false; // Leaflet measures the element: show it first.
    var help = document.getElementById("map-picker-help");
    if (help) {
      help.hidden = false;
    }
    var map = L.map(element, { zoomControl: false, scrollWheelZoom: false });
    L.control
      .zoom({
        zoomInTitle: element.getAttribute("data-label-zoom-in") || "Zoom in",
        zoomOutTitle: element.getAttribute("data-label-zoom-out") || "Zoom out",
      })
      .addTo(map);
    L.tileLayer(config.tiles.url, {
      attribution: config.tiles.attribution,
      maxZoom: 19,
      referrerPolicy: "strict-origin", // as venue-map.js: OpenStreetMap needs a Referer
    }).addTo(map);

    var marker = null;

    function writeFields(latlng) {
      latField.value = format(latlng.lat, config.decimal);
      lonField.value = format(latlng.lng, config.decimal);
      latField.dispatchEvent(new Event("change", { bubbles: true }));
      lonField.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function place(latlng) {
      if (marker === null) {
        marker = L.marker(latlng, {
          draggable: true,
          keyboard: true,
          alt: element.getAttribute("data-label-marker") || "",
        }).addTo(map);
        marker.on("dragend", function () {
          writeFields(marker.getLatLng());
        });
      } else {
        marker.setLatLng(latlng);
      }
    }

    function fromFields() {
      var lat = parse(latField.value);
      var lon = parse(lonField.value);
      return lat === null || lon === null ? null : L.latLng(lat, lon);
    }

    var start = fromFields();
    if (start) {
      place(start);
      map.setView(start, PLACED_ZOOM);
    } else {
      map.setView(config.centre, config.zoom);
    }

    map.on("click", function (event) {
      place(event.latlng);
      writeFields(event.latlng);
    });
    [latField, lonField].forEach(function (field) {
      field.addEventListener("input", function () {
        var point = fromFields();
        if (point) {
          place(point);
          map.panTo(point);
        }
      });
    });
    element.setAttribute("data-map-picker-ready", "");
  }

  function init() {
    if (typeof window.L === "undefined") {
      return; // Leaflet did not load: the fields are the picker.
    }
    var elements = document.querySelectorAll("[data-map-picker]");
    for (var i = 0; i < elements.length; i += 1) {
      build(elements[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
