// Behaviour every page shares. No inline handlers anywhere, so a strict Content Security Policy holds.
(() => {
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
  document.addEventListener('DOMContentLoaded', reachable);
  window.addEventListener('resize', reachable);
})();
