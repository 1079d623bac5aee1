// Follows a request live: polls its version (cheap) and, when something happened,
// replaces the leg panels with fresh ones from the server.
(function () {
  const main = document.querySelector('main[data-live]');
  if (!main) {
    return;
  }
  const base = main.dataset.live;
  const status = document.getElementById('live');
  let version = main.dataset.version;
  async function poll() {
    try {
      const response = await fetch(base + '/version', { headers: { Accept: 'text/plain' }, credentials: 'same-origin' });
      if (response.ok) {
        const latest = (await response.text()).trim();
        if (latest !== version) {
          const legs = await fetch(base + '/legs', { credentials: 'same-origin' });
          if (legs.ok) {
            const html = await legs.text();
            const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('legs');
            if (fresh) {
              document.getElementById('legs').replaceWith(fresh);
              version = latest;
              status.textContent = 'Updated ' + new Date().toLocaleTimeString() + '.';
            }
          }
        }
      }
    } catch (e) {
      status.textContent = 'Live updates paused: RecordHub cannot be reached.';
    }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 2000);
})();
