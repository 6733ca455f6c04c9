/**
 * The comparison of two runs as one self-contained French HTML page (inline CSS, no script, no
 * external file), for an e-mail or a printer. Handlebars in strict mode; every value is escaped.
 * It carries the run report's Content-Security-Policy: no script, no network, whatever a value holds.
 */
import Handlebars from 'handlebars';
import type { CompareView } from './compare-view.js';
import { csp } from './render.js';

const TEMPLATE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{csp}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Comparaison de campagnes : {{a.runId}} → {{b.runId}}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1e1e1e; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { border-bottom: 1px solid #ddd; padding: .4rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f2f2f2; }
  tr.worse td { background: #fdecea; } tr.better td { background: #e8f5e9; }
  .note { color: #8a4b00; font-size: .85rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>Comparaison de deux campagnes</h1>
<dl>
  <dt>Campagne A</dt><dd>{{a.runId}} · {{a.date}} · {{a.state}} · lancée par {{a.who}}</dd>
  <dt>Campagne B</dt><dd>{{b.runId}} · {{b.date}} · {{b.state}} · lancée par {{b.who}}</dd>
</dl>
<p>Écarts de B par rapport à A, par suite et par modèle. Le test de McNemar exact porte sur les cas présents dans les deux campagnes ;
un écart est dit significatif quand p est inférieur à {{alpha}}. Lignes rouges : baisse significative ; vertes : hausse significative.</p>
<table>
  <thead><tr><th>Suite</th><th>Modèle</th><th>Cas</th><th>Réussite</th><th>Écart</th><th>Score</th><th>Latence p50</th><th>Énergie par cas</th><th>Test</th></tr></thead>
  <tbody>
  {{#each rows}}
    <tr class="{{tone}}"><td>{{suite}}<br><small>{{community}}</small></td><td>{{model}}</td><td>{{cases}}</td><td>{{passRate}}</td><td>{{passRateDelta}}</td>
      <td>{{score}}</td><td>{{latency}}</td><td>{{energy}}</td><td>{{significance}}{{#if note}}<br><span class="note">{{note}}</span>{{/if}}</td></tr>
  {{/each}}
  </tbody>
</table>
<h2>Régressions : {{regressions.length}} cas réussi(s) dans A, échoué(s) ou en erreur dans B</h2>
{{#if regressions.length}}
<table><thead><tr><th>Suite</th><th>Modèle</th><th>Cas</th><th>Statut</th><th>Score</th></tr></thead><tbody>
{{#each regressions}}<tr><td>{{suite}}</td><td>{{model}}</td><td>{{caseId}}</td><td>{{change}}</td><td>{{score}}</td></tr>
{{/each}}</tbody></table>
{{else}}<p>Aucune.</p>{{/if}}
<h2>Améliorations : {{improvements.length}} cas</h2>
{{#if improvements.length}}
<table><thead><tr><th>Suite</th><th>Modèle</th><th>Cas</th><th>Statut</th><th>Score</th></tr></thead><tbody>
{{#each improvements}}<tr><td>{{suite}}</td><td>{{model}}</td><td>{{caseId}}</td><td>{{change}}</td><td>{{score}}</td></tr>
{{/each}}</tbody></table>
{{else}}<p>Aucune.</p>{{/if}}
</body>
</html>
`;

// A private Handlebars environment: no helper or partial registered elsewhere can leak in.
const render = Handlebars.create().compile<CompareView & { csp: string }>(TEMPLATE, { strict: true });

export const renderCompareHtml = (view: CompareView): string => render({ ...view, csp: csp(null) });
