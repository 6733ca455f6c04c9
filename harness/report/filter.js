// Filters the case list of the detail section. Without JavaScript the form stays hidden and every
// suite can still be unfolded by hand; this script only hides, shows, opens and closes. While a
// filter is active, the suites with a matching case are opened and the others hidden; clearing the
// filter puts the suites back as the reader left them. It also opens everything for printing.
(function () {
  var form = document.getElementById('filtres');
  if (!form) return;
  var text = document.getElementById('filtre-texte');
  var status = document.getElementById('filtre-statut');
  var model = document.getElementById('filtre-modele');
  var count = document.getElementById('filtre-compte');
  var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('section.group'));
  var suites = Array.prototype.slice.call(document.querySelectorAll('details.suite-detail'));
  var lower = cases.map(function (c) { return c.textContent.toLowerCase(); });
  var before = null;
  function apply() {
    var q = text.value.trim().toLowerCase();
    var s = status.value;
    var m = model.value;
    var active = !!(q || s || m);
    var shown = 0;
    cases.forEach(function (c, i) {
      var st = c.getAttribute('data-status');
      var ok = (!s || st === s || (s === 'not-passed' && st !== 'passed'))
        && (!m || c.getAttribute('data-model') === m)
        && (!q || lower[i].indexOf(q) !== -1);
      c.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('details.case:not([hidden])'); });
    if (active && before === null) before = suites.map(function (d) { return d.open; });
    suites.forEach(function (d, i) {
      var any = !!d.querySelector('details.case:not([hidden])');
      d.hidden = active && !any;
      if (active) d.open = any;
      else if (before !== null) d.open = before[i];
    });
    if (!active) before = null;
    count.textContent = form.getAttribute('data-count').replace('{count}', String(shown));
  }
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.hidden = false;
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.slice.call(document.querySelectorAll('details:not([open])'));
    closed.forEach(function (c) { c.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (c) { c.open = false; });
  });
})();
