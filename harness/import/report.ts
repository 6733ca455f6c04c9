/**
 * The import report: one line per item of the promptfoo configuration, mapped one to one,
 * approximated (kept with a different meaning, said how) or dropped (not carried over, said why).
 * Nothing leaves the import without a line here; `--strict` refuses any line that is not `mapped`.
 */

export type ImportStatus = 'mapped' | 'approximated' | 'dropped';

/** One line of the report, located in the promptfoo file it came from. */
export type ImportItem = {
  status: ImportStatus;
  /** File of the promptfoo project (relative to the config's folder when inside it). */
  file: string;
  line: number;
  /** What the item was (`assertion contains`, `fournisseur openai:chat:gpt-4o-mini`). */
  what: string;
  /** What it became, or why it was not carried over. */
  note: string;
};

/** Collects report lines while the mappers run. */
export type ImportReport = {
  add(item: ImportItem): void;
  items(): readonly ImportItem[];
};

export const createImportReport = (): ImportReport => {
  const list: ImportItem[] = [];
  return { add: (item) => void list.push(item), items: () => list };
};

const LABEL: Record<ImportStatus, string> = { mapped: 'repris', approximated: 'approché', dropped: 'non repris' };

export const countByStatus = (items: readonly ImportItem[]): Record<ImportStatus, number> => ({
  mapped: items.filter((i) => i.status === 'mapped').length,
  approximated: items.filter((i) => i.status === 'approximated').length,
  dropped: items.filter((i) => i.status === 'dropped').length,
});

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** `import-report.md`: a summary, then one table row per item, in the order they were read. */
export const renderReportMarkdown = (source: string, items: readonly ImportItem[], written: readonly string[]): string => {
  const n = countByStatus(items);
  const lines = [
    `# Import de ${source}`,
    '',
    `${items.length} élément(s) : ${n.mapped} repris tels quels, ${n.approximated} approché(s), ${n.dropped} non repris.`,
    '',
    '## Fichiers écrits',
    '',
    ...written.map((f) => `- ${f}`),
    '',
    '## Éléments',
    '',
    '| statut | fichier:ligne | élément | devenu / raison |',
    '| --- | --- | --- | --- |',
    ...items.map((i) => `| ${LABEL[i.status]} | ${cell(`${i.file}:${i.line}`)} | ${cell(i.what)} | ${cell(i.note)} |`),
    '',
  ];
  return lines.join('\n');
};

/** The console form: the summary and every line that is not a plain `mapped` one. */
export const renderReportConsole = (items: readonly ImportItem[]): string => {
  const n = countByStatus(items);
  const out = [`${items.length} élément(s) : ${n.mapped} repris, ${n.approximated} approché(s), ${n.dropped} non repris.`];
  for (const i of items) {
    if (i.status === 'mapped') continue;
    out.push(`  ${i.status === 'dropped' ? '✗ non repris' : '≈ approché'}  ${i.file}:${i.line}  ${i.what} : ${i.note}`);
  }
  return `${out.join('\n')}\n`;
};
