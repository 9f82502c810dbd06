// Area editors ([data-area-editor]): draw a polygon on a small offline map (click to add corners, then
// "Close the area") or paste GeoJSON into the textarea. The bundled borders are the base layer.
(function () {
  if (!window.L) { return; }
  document.querySelectorAll('[data-area-editor]').forEach(editor => {
    const el = editor.querySelector('.area-map');
    const text = editor.querySelector('[data-area-text]');
    const map = L.map(el, { preferCanvas: true }).setView([51.2, 4.9], 7);
    fetch('/map/countries-50m.geojson').then(r => r.json()).then(g => L.geoJSON(g, { style: { color: '#57606a', weight: 1, fillColor: '#f4f1e8', fillOpacity: 1 }, interactive: false }).addTo(map).bringToBack());
    if (el.dataset.context) {
      const ctx = L.geoJSON(JSON.parse(el.dataset.context), { style: { color: '#1f6feb', weight: 2, fillOpacity: 0.08 }, interactive: false }).addTo(map);
      map.fitBounds(ctx.getBounds());
    }
    let corners = [];
    const line = L.polyline([], { color: '#d29922', dashArray: '4 4' }).addTo(map);
    let drawn = null;
    const show = fit => {
      if (drawn) { map.removeLayer(drawn); drawn = null; }
      try {
        if (text.value.trim()) {
          drawn = L.geoJSON(JSON.parse(text.value), { style: { color: '#d29922', weight: 2, fillOpacity: 0.2 }, interactive: false }).addTo(map);
          if (fit) { map.fitBounds(drawn.getBounds(), { padding: [20, 20] }); }
        }
      } catch { /* the server names what is wrong with pasted text */ }
    };
    map.on('click', e => { corners.push([e.latlng.lng, e.latlng.lat]); line.setLatLngs(corners.map(c => [c[1], c[0]])); });
    editor.querySelector('[data-close]').addEventListener('click', () => {
      if (corners.length < 3) { return; }
      const ring = corners.map(c => [Number(c[0].toFixed(5)), Number(c[1].toFixed(5))]);
      ring.push(ring[0]);
      text.value = JSON.stringify({ type: 'Polygon', coordinates: [ring] });
      corners = []; line.setLatLngs([]); show(false);
    });
    editor.querySelector('[data-clear]').addEventListener('click', () => { corners = []; line.setLatLngs([]); text.value = ''; show(false); });
    text.addEventListener('change', () => show(true));
    show(!el.dataset.context);
  });
})();
