// Small page behaviours, wired by data attributes: the Content-Security-Policy allows no inline script or on* handlers.
(function () {
  const wire = () => {
    document.querySelectorAll('[data-submit-on-change]').forEach(e => e.addEventListener('change', () => e.form && e.form.submit()));
    document.querySelectorAll('[data-print]').forEach(e => e.addEventListener('click', () => window.print()));
    document.querySelectorAll('[data-nav-toggle]').forEach(e => e.addEventListener('click', () => {
      document.body.classList.toggle('nav-open');
      e.setAttribute('aria-expanded', String(document.body.classList.contains('nav-open')));
    }));
    document.querySelectorAll('[data-use-position]').forEach(e => e.addEventListener('click', () => {
      const lat = document.getElementById(e.dataset.lat || 'lat');
      const lon = document.getElementById(e.dataset.lon || 'lon');
      if (navigator.geolocation && lat && lon) {
        navigator.geolocation.getCurrentPosition(p => { lat.value = p.coords.latitude.toFixed(5); lon.value = p.coords.longitude.toFixed(5); });
      }
    }));
  };
  // A table that scrolls sideways must be reachable by keyboard (WCAG 2.1.1): give it a tab stop.
  const reachable = () => {
    for (const region of document.querySelectorAll('.table-wrap, table.grid')) {
      if (region.scrollWidth > region.clientWidth + 1) {
        region.tabIndex = 0;
        if (region.tagName !== 'TABLE' && !region.hasAttribute('role')) {
          region.setAttribute('role', 'region');
          region.setAttribute('aria-label', 'Table, scrolls sideways');
        }
      }
    }
  };
  window.addEventListener('resize', reachable);
  const start = () => { wire(); reachable(); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
