// Live alerts: the top-bar badge shows the unread count and the alerts page gains rows as the
// server-sent event stream delivers them. EventSource reconnects by itself (resuming by Last-Event-ID).
// The words come from the page in its language: the badge's data-unread-one/-many, the table's data-words (JSON).
(() => {
  const badge = document.getElementById('alert-badge');
  if (!badge || !window.EventSource) return;
  const table = document.querySelector('[data-testid="alert-list"]');
  const body = table?.querySelector('tbody');
  let words = {};
  try { words = JSON.parse(table?.dataset.words || '{}'); } catch { words = {}; }
  const fill = (pattern, value) => String(pattern).replace('{0}', value);
  const word = (map, code) => (map && typeof map[code] === 'string' ? map[code] : code);

  const setCount = (n) => {
    badge.textContent = String(n);
    badge.classList.toggle('bad', n > 0);
    badge.title = fill(n === 1 ? (badge.dataset.unreadOne || '{0} unread alert') : (badge.dataset.unreadMany || '{0} unread alerts'), n);
  };

  const cell = (text, cls) => {
    const td = document.createElement('td');
    if (cls) td.className = cls;
    td.textContent = text ?? '';
    return td;
  };

  const addRow = (item) => {
    if (!body || body.querySelector(`[data-delivery="${item.deliveryId}"]`)) return;
    body.querySelector('[data-empty]')?.remove();
    const a = item.alert || {};
    const tr = document.createElement('tr');
    tr.dataset.delivery = item.deliveryId;
    tr.className = 'unread';
    tr.appendChild(cell(new Date(item.deliveredAt).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'));
    const title = cell('');
    const strong = document.createElement('strong');
    strong.textContent = a.title ?? '';
    const summary = document.createElement('div');
    summary.className = 'muted small';
    summary.textContent = a.summary ?? '';
    title.append(strong, summary);
    if (Array.isArray(a._redacted)) {
      const r = document.createElement('span');
      r.className = 'badge';
      r.textContent = fill(words.redacted || 'redacted: {0}', a._redacted.join(', '));
      title.appendChild(r);
    }
    tr.append(title, cell(word(words.kinds, a.kind)), cell(word(words.severities, a.severity)), cell(a.owner), cell(`${a.office ?? ''} ${a.commodity ?? ''}`), cell(a.marking));
    const action = cell('');
    const read = document.createElement('button');
    read.type = 'button';
    read.className = 'link';
    read.dataset.read = item.deliveryId;
    read.textContent = words.markRead || 'Mark read';
    action.appendChild(read);
    tr.appendChild(action);
    body.prepend(tr);
  };

  const stream = new EventSource('/api/alerts/stream');
  stream.addEventListener('unread', (e) => setCount(parseInt(e.data, 10) || 0));
  stream.addEventListener('alert', (e) => addRow(JSON.parse(e.data)));

  // Mark read without reloading; the stream then sends the new unread count.
  document.addEventListener('click', async (e) => {
    const button = e.target.closest('[data-read]');
    if (!button) return;
    e.preventDefault();
    const id = parseInt(button.dataset.read, 10);
    const response = await fetch('/api/alerts/inbox/read', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids: [id] }),
    });
    if (response.ok) {
      button.closest('tr')?.classList.remove('unread');
      button.remove();
    }
  });
})();
