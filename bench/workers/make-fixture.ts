/**
 * Writes a report-test run folder (manifest.json, summary.json with statistics, results.jsonl,
 * egress.json) with the tests' own builder: 3 suites × 4 models × CASES_PER_SUITE results whose
 * outputs carry OUTPUT_CHARS characters of filler. In a child so the driver's memory stays small.
 *   node --import tsx bench/workers/make-fixture.ts DIR CASES_PER_SUITE OUTPUT_CHARS
 */
import { writeRunFixture } from '../../tests/unit/report/fixture-run.js';

const [dir, casesPerSuite, outputChars] = process.argv.slice(2);
writeRunFixture(dir!, { casesPerSuite: Number(casesPerSuite), outputChars: Number(outputChars), stats: true, egress: true });
