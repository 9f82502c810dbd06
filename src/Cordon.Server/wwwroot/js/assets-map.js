// The asset register's map: each listed asset with a home base as a marker, on the bundled base map (no internet needed).
(function () {
  const el = document.getElementById('assets-map');
  if (!el || !window.L) return;
  const assets = JSON.parse(el.dataset.assets || '[]');
  const map = L.map(el, { worldCopyJump: true }).setView([51.45, 4.6], 8);
  el.cordonMap = map; // lets the browser tests read the markers
  map.createPane('base').style.zIndex = 250;
  map.attributionControl.setPrefix(false).addAttribution('Natural Earth');
  L.control.scale({ imperial: false, maxWidth: 160 }).addTo(map);
  fetch('/map/countries-50m.geojson').then(r => r.json()).then(world => {
    L.geoJSON(world, { pane: 'base', renderer: L.svg({ pane: 'base' }), style: { color: '#5b6b7c', weight: 1, fillColor: '#f4f1e8', fillOpacity: 1 }, interactive: false }).addTo(map);
  });
  const markers = [];
  for (const a of assets) {
    const m = L.circleMarker([a.lat, a.lon], { radius: 7, color: '#1f6feb', weight: 2, fillOpacity: 0.6 }).addTo(map);
    // Set as text, never as HTML: names come from the register.
    const tip = document.createElement('span');
    tip.textContent = a.code + ' · ' + a.name + ' (' + a.kind + ', ' + a.status + ', ' + a.owner + ')';
    m.bindTooltip(tip);
    m.on('click', () => { window.location.href = '/resources/assets/' + a.id; });
    markers.push(m);
  }
  el.dataset.markers = String(markers.length);
  if (markers.length > 0) {
    map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), { maxZoom: 11 });
  }
})();
