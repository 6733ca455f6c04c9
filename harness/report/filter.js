// Filters the case list of the detail section. Without JavaScript the form stays hidden and every
// case is listed; this script only hides and shows. It also opens every case for printing.
(function () {
  var form = document.getElementById('filtres');
  if (!form) return;
  var text = document.getElementById('filtre-texte');
  var status = document.getElementById('filtre-statut');
  var model = document.getElementById('filtre-modele');
  var count = document.getElementById('filtre-compte');
  var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('section.group'));
  var lower = cases.map(function (c) { return c.textContent.toLowerCase(); });
  function apply() {
    var q = text.value.trim().toLowerCase();
    var s = status.value;
    var m = model.value;
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
    count.textContent = form.getAttribute('data-count').replace('{count}', String(shown));
  }
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.hidden = false;
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = cases.filter(function (c) { return !c.open; });
    closed.forEach(function (c) { c.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (c) { c.open = false; });
  });
})();
