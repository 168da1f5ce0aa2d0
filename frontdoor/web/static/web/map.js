// Progressive enhancement: select the place on a map and the latitude and
// longitude fields are filled in. Without JavaScript, or with the map off,
// residents type them (or use a postcode); nothing here is needed to finish.
// Leaflet loads only when the resident opens the "no address" section.

const MARKER_ZOOM = 17;

function coordinate(input) {
  const value = Number.parseFloat(input.value);
  return Number.isFinite(value) ? value : null;
}

async function drawMap(holder) {
  await import("./dist/leaflet/leaflet.js"); // Leaflet's build sets window.L
  const L = window.L;
  const latitude = document.getElementById("latitude");
  const longitude = document.getElementById("longitude");
  holder.hidden = false;
  const canvas = holder.querySelector(".fd-map__canvas");
  const map = L.map(canvas).setView(
    [Number(holder.dataset.latitude), Number(holder.dataset.longitude)],
    Number(holder.dataset.zoom),
  );
  L.tileLayer(holder.dataset.tileUrl, {
    attribution: holder.dataset.attribution,
    maxZoom: 19,
  }).addTo(map);
  let marker = null;
  const place = (point) => {
    if (marker === null) {
      marker = L.marker(point, { alt: "The place you selected", keyboard: false }).addTo(map);
    } else {
      marker.setLatLng(point);
    }
  };
  const typed = [coordinate(latitude), coordinate(longitude)];
  if (typed[0] !== null && typed[1] !== null) {
    place(typed);
    map.setView(typed, MARKER_ZOOM);
  }
  map.on("click", (event) => {
    place(event.latlng);
    latitude.value = event.latlng.lat.toFixed(6);
    longitude.value = event.latlng.lng.toFixed(6);
  });
}

export function initMaps() {
  const holder = document.querySelector("[data-fd-map]");
  if (holder === null) {
    return;
  }
  const section = holder.closest("details");
  let drawn = false;
  const drawOnce = () => {
    if (!drawn && (section === null || section.open)) {
      drawn = true;
      drawMap(holder);
    }
  };
  section?.addEventListener("toggle", drawOnce);
  drawOnce();
}
