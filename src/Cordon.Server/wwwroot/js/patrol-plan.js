// Patrol planning: draw the patrol area (click to add corners, then close) or route (click along it, then finish) on a small map, or paste GeoJSON.
(function () {
  const el = document.getElementById('plan-map');
  if (!el || !window.L) { return; }
  const map = L.map(el, { preferCanvas: true });
  fetch('/map/countries-50m.geojson').then(r => r.json()).then(g => L.geoJSON(g, { style: { color: '#57606a', weight: 1, fillOpacity: 0 } }).addTo(map));
  const op = L.geoJSON(JSON.parse(el.dataset.operationArea), { style: { color: '#1f6feb', weight: 2, fillOpacity: 0.1 } }).addTo(map);
  map.fitBounds(op.getBounds());
  const text = document.getElementById('area-json');
  let corners = [];
  const line = L.polyline([], { color: '#2da44e', dashArray: '4 4' }).addTo(map);
  let drawn = null;
  const show = () => {
    if (drawn) { map.removeLayer(drawn); drawn = null; }
    try {
      if (text.value.trim()) { drawn = L.geoJSON(JSON.parse(text.value), { style: { color: '#2da44e', weight: 3, dashArray: '6 4', fillOpacity: 0.2 } }).addTo(map); }
    } catch { /* the server names what is wrong with pasted text */ }
  };
  map.on('click', e => { corners.push([e.latlng.lng, e.latlng.lat]); line.setLatLngs(corners.map(c => [c[1], c[0]])); });
  document.getElementById('close-area').addEventListener('click', () => {
    if (corners.length < 3) { return; }
    const ring = corners.map(c => [Number(c[0].toFixed(5)), Number(c[1].toFixed(5))]);
    ring.push(ring[0]);
    text.value = JSON.stringify({ type: 'Polygon', coordinates: [ring] });
    corners = []; line.setLatLngs([]); show();
  });
  document.getElementById('finish-route').addEventListener('click', () => {
    if (corners.length < 2) { return; }
    text.value = JSON.stringify({ type: 'LineString', coordinates: corners.map(c => [Number(c[0].toFixed(5)), Number(c[1].toFixed(5))]) });
    corners = []; line.setLatLngs([]); show();
  });
  document.getElementById('clear-area').addEventListener('click', () => { corners = []; line.setLatLngs([]); text.value = ''; show(); });
  text.addEventListener('change', show);
  show();
})();
