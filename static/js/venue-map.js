/* Interactive venue maps (templates/events/venues/_map.html), a progressive enhancement.
 *
 * Each element with data-venue-map="<id>" gets a Leaflet map of the venues in the
 * <script type="application/json" id="<id>"> block (Django's json_script): tile URL and
 * attribution, and per venue name, url, lat, lon and the pram verdict label. The element
 * stays hidden until the map is built, so without JavaScript or Leaflet there is no empty
 * box: the address list next to it is the complete content either way.
 *
 * CSP-safe: no inline script, no eval, no style attributes in markup (Leaflet positions
 * things through element.style, which style-src does not govern). Venue names reach the
 * page as text nodes, never as HTML.
 */
(function () {
  "use strict";

  var SINGLE_VENUE_ZOOM = 16;
  var MAX_FIT_ZOOM = 16;
  var ZOOM_CONTROL_WIDTH = 64; // 44 px buttons (site.css) and Leaflet's 10 px margin, with room to spare
  var MARKER_HEIGHT = 41; // Leaflet's default icon stands on its point
  // WCAG 2.5.8 Target Size: markers closer than this (in screen pixels) are spread on a circle, so
  // no icon (25 x 41 px) covers another's and each stays a target of its own at every zoom.
  var MARKER_SPACING = 44;

  function readData(element) {
    var source = document.getElementById(element.getAttribute("data-venue-map"));
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function popupContent(venue) {
    var wrapper = document.createElement("div");
    wrapper.className = "venue-map-popup";
    var name = document.createElement("p");
    name.className = "venue-map-popup-name";
    var link = document.createElement("a");
    link.href = venue.url;
    link.textContent = venue.name;
    name.appendChild(link);
    var verdict = document.createElement("p");
    verdict.className = "venue-map-popup-verdict";
    verdict.textContent = venue.verdict;
    wrapper.appendChild(name);
    wrapper.appendChild(verdict);
    return wrapper;
  }

  function addMarker(map, venue, labels) {
    var marker = L.marker([venue.lat, venue.lon], {
      // Leaflet makes the icon an <img role="button" tabindex="0">: its alt is the button's name.
      alt: venue.name + ", " + venue.verdict,
      keyboard: true,
      riseOnHover: true,
    });
    marker.bindPopup(popupContent(venue), {
      maxWidth: labels.popupWidth,
      // Keep the popup clear of the zoom buttons in the top left corner.
      autoPanPaddingTopLeft: [ZOOM_CONTROL_WIDTH, 16],
    });
    marker.on("popupopen", function (event) {
      var container = event.popup.getElement();
      var close = container.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", labels.close);
      }
      // Keyboard users land on the link to the venue page; Escape brings them back to the marker.
      var link = container.querySelector(".venue-map-popup a");
      if (link) {
        link.focus({ preventScroll: true });
      }
    });
    marker.on("popupclose", function (event) {
      // Focus that was in the popup goes back to the marker (the popup may already be gone,
      // leaving focus on <body>); focus a pointer user moved elsewhere stays where it is.
      var container = event.popup.getElement();
      var active = document.activeElement;
      var icon = marker.getElement();
      if (icon && (active === document.body || (container && container.contains(active)))) {
        icon.focus({ preventScroll: true });
      }
    });
    marker.on("add", function () {
      var icon = marker.getElement();
      // Enter opens the popup (Leaflet); a role="button" also answers to Space.
      icon.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          marker.openPopup();
        }
      });
    });
    marker.addTo(map);
    return marker;
  }

  // Venues at (nearly) the same spot: each group of markers closer than MARKER_SPACING is laid
  // out on a circle around its first marker, redone at every zoom. Positions only move on screen;
  // the popups name the venues and link to their pages, whose addresses are exact.
  function spread(map, placed) {
    var groups = [];
    placed.forEach(function (item) {
      var point = map.latLngToLayerPoint(item.latlng);
      var group = groups.find(function (g) { return g.center.distanceTo(point) < MARKER_SPACING; });
      if (group) {
        group.members.push(item);
      } else {
        groups.push({ center: point, members: [item] });
      }
    });
    groups.forEach(function (group) {
      var n = group.members.length;
      if (n === 1) {
        group.members[0].marker.setLatLng(group.members[0].latlng);
        return;
      }
      var radius = MARKER_SPACING / (2 * Math.sin(Math.PI / n)); // neighbours MARKER_SPACING apart
      group.members.forEach(function (item, k) {
        var angle = (2 * Math.PI * k) / n - Math.PI / 2;
        var point = L.point(group.center.x + radius * Math.cos(angle), group.center.y + radius * Math.sin(angle));
        item.marker.setLatLng(map.layerPointToLatLng(point));
      });
    });
  }

  function build(element) {
    var data = readData(element);
    if (!data || !data.tiles || !Array.isArray(data.venues) || data.venues.length === 0) {
      return;
    }
    element.hidden = false; // Leaflet measures the element: show it first.
    var labels = {
      zoomIn: element.getAttribute("data-label-zoom-in") || "Zoom in",
      zoomOut: element.getAttribute("data-label-zoom-out") || "Zoom out",
      close: element.getAttribute("data-label-close") || "Close",
      // Narrow enough to sit beside the zoom buttons on a phone.
      popupWidth: Math.max(160, Math.min(260, element.clientWidth - 2 * ZOOM_CONTROL_WIDTH)),
    };

    var map = L.map(element, {
      zoomControl: false,
      scrollWheelZoom: false, // scrolling the page must not get stuck zooming the map
    });
    L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
    L.tileLayer(data.tiles.url, {
      attribution: data.tiles.attribution,
      maxZoom: 19,
      // The site's Referrer-Policy is same-origin; OpenStreetMap's tile servers refuse requests
      // without a Referer. The origin alone is enough for them and tells nothing about the visitor.
      referrerPolicy: "strict-origin",
    }).addTo(map);

    var points = [];
    var placed = [];
    data.venues.forEach(function (venue) {
      if (typeof venue.lat !== "number" || typeof venue.lon !== "number") {
        return;
      }
      placed.push({ marker: addMarker(map, venue, labels), latlng: L.latLng(venue.lat, venue.lon) });
      points.push([venue.lat, venue.lon]);
    });
    if (points.length === 0) {
      map.remove();
      element.hidden = true;
      return;
    }
    if (points.length === 1) {
      map.setView(points[0], SINGLE_VENUE_ZOOM);
    } else {
      map.fitBounds(points, {
        paddingTopLeft: [ZOOM_CONTROL_WIDTH, 16 + MARKER_HEIGHT],
        paddingBottomRight: [32, 32],
        maxZoom: MAX_FIT_ZOOM,
      });
    }

    if (placed.length > 1) {
      spread(map, placed);
      map.on("zoomend", function () { spread(map, placed); });
    }

    // Escape inside a popup closes it (Leaflet handles Escape only while the map itself has focus).
    element.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && element.querySelector(".leaflet-popup")) {
        map.closePopup();
      }
    });
    element.setAttribute("data-venue-map-ready", "");
  }

  function init() {
    if (typeof window.L === "undefined") {
      return; // Leaflet did not load: the address list is the map.
    }
    var elements = document.querySelectorAll("[data-venue-map]");
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
