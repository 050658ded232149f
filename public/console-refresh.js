/* global document, location, localStorage, setInterval */
// The operators' console: reloads an overview or a region page while it is open (issue 19). The page says how
// often in <body data-refresh="60">; it waits while the tab is hidden or someone is typing in a field, and the
// checkbox «Обновлять каждую минуту» turns it off and remembers that (WCAG 2.2.1, timing adjustable).
'use strict';
(function () {
  var body = document.body;
  var box = document.getElementById('auto-refresh');
  var key = 'elg-console-refresh';
  var since = Date.now();
  if (box) {
    box.checked = localStorage.getItem(key) !== 'off';
    box.addEventListener('change', function () {
      localStorage.setItem(key, box.checked ? 'on' : 'off');
      since = Date.now();
    });
  }
  setInterval(function () {
    var seconds = Number(body.getAttribute('data-refresh')) || 0;
    if (!seconds || (box && !box.checked) || document.hidden) return;
    var active = document.activeElement;
    if (active && active !== box && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) return;
    if (Date.now() - since >= seconds * 1000) location.reload();
  }, 1000);
})();
