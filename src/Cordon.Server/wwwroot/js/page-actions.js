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
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire); else wire();
})();
