// Live messaging: the channels' server-sent event stream says when a message arrives or an unread count changes; the
// page then re-reads itself and swaps in its parts marked data-live (the conversation, the channel list, the messages
// Feedback can answer), so a message is drawn by the same server view as on a reload, in the reader's language,
// redacted by the same policy. A part the reader is typing or choosing in is left alone. EventSource reconnects by itself (resuming by Last-Event-ID).
(() => {
  if (!window.EventSource || !document.querySelector('[data-live]')) return;
  let first = true, pending = null;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const response = await fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      document.querySelectorAll('[data-live]').forEach((part) => {
        if (part.contains(document.activeElement)) return; // the reader is choosing in it
        const fresh = page.querySelector(`[data-live="${part.dataset.live}"]`);
        if (fresh) part.replaceWith(document.importNode(fresh, true));
      });
    }, 150);
  };
  const stream = new EventSource('/api/channels/stream');
  stream.addEventListener('message', refresh);
  // The first count only says where the page already is.
  stream.addEventListener('unread', () => { if (first) { first = false; return; } refresh(); });
})();
