// Live operations map: a bundled base map (Natural Earth land and borders, GeoNames place names and the
// sea ports; no internet needed) with a scale bar and the coordinates under the cursor, an optional tile
// server, the snapshot from /api/operations/map, then server-sent events for what happens next.
(function () {
  const el = document.getElementById('ops-map');
  if (!el || !window.L) return;
  const purpose = el.dataset.purpose;
  // The page's words in the reader's language (data-words: English text → translation, with {0} placeholders).
  const words = JSON.parse(el.dataset.words || '{}');
  const w = (text, ...args) => (words[text] || text).replace(/\{(\d+)\}/g, (_, n) => String(args[Number(n)]));
  // A code (an incident type, a severity, a status) in the reader's words, or as it is where none are given.
  const code = (kind, value) => words[kind + '.' + value] || value;
  const status = document.getElementById('live-status');
  const log = document.getElementById('ops-events');
  const map = L.map(el, { preferCanvas: true, worldCopyJump: true }).setView([51.45, 4.93], 11);
  el.cordonMap = map; // lets the browser tests open every tooltip and popup
  // The base map has its own panes under the live features: land and borders, then place names.
  map.createPane('base').style.zIndex = 250;
  map.createPane('places').style.zIndex = 350;
  map.getPane('places').style.pointerEvents = 'none';
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: w('tiles: configured server') }).addTo(map);
  }
  map.attributionControl.setPrefix(false).addAttribution('Natural Earth · GeoNames (CC BY 4.0)');
  L.control.scale({ imperial: false, maxWidth: 160 }).addTo(map);
  // Coordinates under the cursor, as text, for a report or a radio call.
  const Cursor = L.Control.extend({
    onAdd() { const d = L.DomUtil.create('div', 'map-cursor'); d.setAttribute('aria-live', 'off'); d.dataset.testid = 'map-cursor'; d.textContent = '—'; return d; },
  });
  const cursor = new Cursor({ position: 'bottomright' }).addTo(map).getContainer();
  const deg = (v, pos, neg) => Math.abs(v).toFixed(4) + '° ' + (v >= 0 ? pos : neg);
  map.on('mousemove', e => { const p = e.latlng.wrap(); cursor.textContent = deg(p.lat, 'N', 'S') + ', ' + deg(p.lng, 'E', 'W'); });
  fetch('/map/countries-50m.geojson').then(r => r.json()).then(world => {
    L.geoJSON(world, { pane: 'base', renderer: L.svg({ pane: 'base' }), style: { color: '#5b6b7c', weight: 1, fillColor: '#f4f1e8', fillOpacity: el.dataset.tiles ? 0 : 1 }, interactive: false })
      .addTo(map);
    el.dataset.base = String(world.features.length);
  });
  // Place names (towns, capitals, sea ports) shipped with Cordon: the larger the place, the further out it is named.
  // Labels that would overlap a larger place's are left out; every name is set as text, never as HTML.
  const placeLayer = L.layerGroup().addTo(map);
  const placeDots = L.svg({ pane: 'places' });
  let places = [];
  const minPopulation = z => z >= 11 ? 0 : z >= 10 ? 20000 : z >= 9 ? 50000 : z >= 8 ? 100000 : z >= 7 ? 250000 : z >= 6 ? 500000 : z >= 5 ? 1000000 : 3000000;
  const drawPlaces = () => {
    placeLayer.clearLayers();
    const z = map.getZoom(), bounds = map.getBounds().pad(0.1), min = minPopulation(z), taken = [];
    let shown = 0;
    for (const [lon, lat, name, , population, kind] of places) {
      if (shown >= 250) break;
      if (kind === 'port' ? z < 8 : (population < min && !(kind === 'capital' && z >= 4))) continue;
      if (!bounds.contains([lat, lon])) continue;
      // A town is named to the right of its dot, a port below its own: the box each name will take.
      const p = map.latLngToContainerPoint([lat, lon]), w = name.length * 7 + 8;
      const box = kind === 'port' ? { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y + 8, y2: p.y + 24 } : { x1: p.x + 4, x2: p.x + 8 + w, y1: p.y - 8, y2: p.y + 8 };
      if (taken.some(t => box.x1 < t.x2 && t.x1 < box.x2 && box.y1 < t.y2 && t.y1 < box.y2)) continue;
      taken.push(box);
      const label = document.createElement('span');
      label.textContent = name;
      L.circleMarker([lat, lon], { pane: 'places', renderer: placeDots, radius: kind === 'capital' ? 4 : 3, weight: 1, color: '#24292f', fillColor: kind === 'port' ? '#0a4fbf' : '#fff', fillOpacity: 1, interactive: false })
        .bindTooltip(label, kind === 'port'
          ? { permanent: true, direction: 'bottom', offset: [0, 2], className: 'place-label port', interactive: false }
          : { permanent: true, direction: 'right', offset: [4, 0], className: 'place-label ' + kind, interactive: false })
        .addTo(placeLayer);
      shown++;
    }
    el.dataset.places = String(shown);
  };
  // A sea port is named before the towns of under 150,000 around it: it is where customs works.
  const rank = p => p[5] === 'port' ? 150000 : p[4];
  fetch('/map/places.json').then(r => r.json()).then(p => { places = p.places.sort((a, b) => rank(b) - rank(a)); drawPlaces(); map.on('moveend', drawPlaces); });
  const layers = { ops: L.layerGroup().addTo(map), patrols: L.layerGroup().addTo(map), watch: L.layerGroup().addTo(map), tracks: L.layerGroup().addTo(map), incidents: L.layerGroup().addTo(map), border: L.layerGroup().addTo(map), sections: L.layerGroup().addTo(map), assets: L.layerGroup().addTo(map) };
  L.control.layers(null, { [w('Border segments')]: layers.border, [w('Border sections')]: layers.sections, [w('Operation areas')]: layers.ops, [w('Patrols')]: layers.patrols, [w('Watched areas')]: layers.watch, [w('Tracks')]: layers.tracks, [w('Incidents')]: layers.incidents, [w('Assets')]: layers.assets }).addTo(map);
  const tracks = new Map();
  // Every text from the server (CoT types, sensor ids, names from GeoJSON properties) reaches the page as text
  // nodes, never as HTML: tooltips and popups get DOM elements built here, not strings.
  const text = v => document.createTextNode(v === null || v === undefined ? '' : String(v));
  const node = (tag, ...children) => {
    const e = document.createElement(tag);
    children.forEach(c => e.append(c instanceof Node ? c : text(c)));
    return e;
  };
  const content = (...children) => node('div', ...children);
  const br = () => document.createElement('br');
  const link = (href, label) => { const a = node('a', label); a.href = href; return a; };
  const note = text => {
    const li = document.createElement('li');
    li.textContent = new Date().toISOString().slice(11, 19) + ' UTC · ' + text;
    log.prepend(li);
    while (log.children.length > 50) log.lastChild.remove();
  };
  const addIncident = i => {
    L.circleMarker([i.latitude, i.longitude], { radius: 9, color: '#cf222e', fillColor: '#cf222e', fillOpacity: .8 })
      .bindPopup(content(node('strong', i.title), br(), `${code('incident-type', i.type)} · ${code('severity', i.severity)} · ${code('confidence', i.confidence || 'confirmed')}`, br(), link('/operations/incidents/' + encodeURIComponent(i.id), w('open incident'))))
      .addTo(layers.incidents);
  };
  const trackPoint = (id, lat, lon, label) => {
    let t = tracks.get(id);
    if (!t) {
      t = { line: L.polyline([], { color: '#8250df', weight: 3 }).addTo(layers.tracks), head: L.circleMarker([lat, lon], { radius: 5, color: '#8250df', fillOpacity: 1 }).addTo(layers.tracks) };
      tracks.set(id, t);
    }
    t.line.addLatLng([lat, lon]);
    t.head.setLatLng([lat, lon]).bindTooltip(content(label));
  };
  // Assets where they last reported: one marker each, moved by newer reports only, labelled with code and name as text.
  const assetMarkers = new Map();
  const placeAsset = a => {
    const seen = assetMarkers.get(a.id);
    if (seen && seen.at >= a.at) return;
    const label = content(node('strong', [a.code, a.name].filter(Boolean).join(' · ')), br(), w('{0} · {1} · last report {2}', code('asset', a.kind), a.owner, String(a.at).slice(0, 16).replace('T', ' ') + ' UTC'));
    if (seen) { seen.marker.setLatLng([a.latitude, a.longitude]).setTooltipContent(label); seen.at = a.at; }
    else {
      const marker = L.circleMarker([a.latitude, a.longitude], { radius: 8, color: '#0a3069', weight: 3, fillColor: '#54aeff', fillOpacity: 1 }).bindTooltip(label).addTo(layers.assets);
      if (a.id) marker.on('click', () => { window.location.href = '/resources/assets/' + encodeURIComponent(a.id); });
      assetMarkers.set(a.id, { marker, at: a.at });
    }
    el.dataset.assets = String(assetMarkers.size);
  };
  const opLayers = new Map();
  const addOperation = o => {
    if (opLayers.has(o.id)) { layers.ops.removeLayer(opLayers.get(o.id)); opLayers.delete(o.id); }
    if (o.status === 'closed') return null;
    const g = L.geoJSON(o.area, { style: { color: '#1f6feb', weight: 2, fillOpacity: .08 } }).bindPopup(content(node('strong', o.name), br(), w('lead {0} · {1}', o.leadAgency, (o.participants || []).join(', ')))).addTo(layers.ops);
    opLayers.set(o.id, g);
    return g;
  };
  // A patrol route (a line along the border) is drawn thicker than an area's outline.
  const addPatrol = p => L.geoJSON(p.area, { style: { color: '#2da44e', weight: p.shape === 'route' ? 4 : 2, dashArray: '6 4', fillOpacity: .05 } })
    .bindPopup(content(node('strong', p.name), p.shape === 'route' ? w(' (route)') : '', br(),
      p.team ? p.team.map(t => t.user + ' (' + t.agency + ')').join(', ') : w('team: see the operation'), br(), (p.assets || []).join(', '))).addTo(layers.patrols);
  const headers = { 'X-Cordon-Purpose': purpose, 'Accept': 'application/json' };
  fetch('/api/operations/map', { headers, credentials: 'same-origin' }).then(r => r.json()).then(s => {
    const bounds = [];
    s.operations.forEach(o => { const g = addOperation(Object.assign({}, o, { status: String(o.status).toLowerCase() })); if (g) bounds.push(g.getBounds()); });
    s.patrols.forEach(addPatrol);
    s.watchedAreas.forEach(a => L.geoJSON(a.area, { style: { color: '#d29922', weight: 2, fillOpacity: .25 } }).bindPopup(content(node('strong', a.name), br(), w('raises {0} ({1})', code('incident-type', a.incidentType), code('severity', a.severity)))).addTo(layers.watch));
    s.tracks.forEach(t => { t.path.forEach(p => trackPoint(t.id, p[0], p[1], w('{0} · {1} detections', t.kind, t.detections))); });
    s.incidents.forEach(addIncident);
    (s.assets || []).forEach(placeAsset);
    (s.borderSegments || []).forEach(b => L.polyline(b.line, { color: b.patrolledNow ? '#2da44e' : '#cf222e', weight: 5, opacity: .8, dashArray: b.patrolledNow ? null : '8 6' })
      .bindTooltip(content(w(b.patrolledNow ? 'border segment {0}: patrolled now · {1} h unpatrolled in the operation' : 'border segment {0}: not patrolled now · {1} h unpatrolled in the operation', b.id, b.gapHours))).addTo(layers.border));
    // A border section in its impact level's colour; one short of its required coverage today is dashed with a marker.
    const levelColour = { low: '#57606a', medium: '#d4a72c', high: '#fb8500', critical: '#a40e26' };
    (s.borderSections || []).forEach(b => {
      const tip = content(node('strong', b.name), br(), w('impact level {0} · needs {1} h today · {2} h planned', code('impact-level', b.level), b.requiredHours, b.plannedHours),
        b.levelUntil ? node('div', w('level valid until {0}', String(b.levelUntil).slice(0, 10))) : '', b.shortfallHours > 0 ? node('div', w('SHORT by {0} h', b.shortfallHours)) : '');
      b.lines.forEach(line => L.polyline(line, { color: levelColour[b.level] || '#57606a', weight: 9, opacity: .55, dashArray: b.shortfallHours > 0 ? '2 10' : null, className: 'section-' + b.level })
        .bindTooltip(tip).addTo(layers.sections));
      if (b.shortfallHours > 0 && b.lines.length && b.lines[0].length) {
        const mid = b.lines[0][Math.floor(b.lines[0].length / 2)];
        L.marker(mid, { icon: L.divIcon({ className: 'section-short', html: '!', iconSize: [20, 20] }), title: w('SHORT by {0} h', b.shortfallHours) }).bindTooltip(tip).addTo(layers.sections);
      }
    });
    el.dataset.sections = String((s.borderSections || []).length);
    el.dataset.short = String((s.borderSections || []).filter(b => b.shortfallHours > 0).length);
    if (bounds.length) map.fitBounds(bounds.reduce((a, b) => a.extend(b)), { padding: [20, 20] });
    el.dataset.loaded = String(s.tracks.length + s.incidents.length + s.operations.length);
    note(w('{0} operations, {1} patrols, {2} tracks, {3} incidents', s.operations.length, s.patrols.length, s.tracks.length, s.incidents.length));
  });
  const live = new EventSource('/api/operations/live?purpose=' + encodeURIComponent(purpose));
  live.onopen = () => { status.textContent = w('live'); status.className = 'badge ok'; };
  live.onerror = () => { status.textContent = w('reconnecting…'); status.className = 'badge bad'; };
  live.addEventListener('detection', e => { const d = JSON.parse(e.data); trackPoint(d.track, d.latitude, d.longitude, d.kind + ' · ' + d.sensor); note(w('detection {0} from {1}', d.kind, d.sensor)); });
  live.addEventListener('asset', e => { const a = JSON.parse(e.data); placeAsset(a); note(w('asset {0} reported', a.code || '—')); });
  live.addEventListener('operation', e => { const o = JSON.parse(e.data); addOperation(o); note(w('operation {0}: {1}', o.name, code('operation-status', String(o.status).toLowerCase()))); });
  live.addEventListener('patrol', e => { const p = JSON.parse(e.data); addPatrol(p); note(w('patrol planned: {0} ({1})', p.name, p.agency)); });
  live.addEventListener('incident', e => { const i = JSON.parse(e.data); addIncident(i); note(w('INCIDENT {0} ({1}): {2}', code('incident-type', i.type), code('severity', i.severity), i.title)); });
})();
