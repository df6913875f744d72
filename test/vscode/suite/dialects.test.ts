// All three dialects: each file is recognised by its name, and the findings its fixture annotates
// (`# ruleid: <id>` on the line before) appear as diagnostics. The expectations live in the fixtures, so
// Apache and Squid start passing without a change here once their rules land.
//
// TLSLINT_VSCODE_DIALECTS (comma-separated, default "nginx,apache,squid") lists the dialects whose
// diagnostics are asserted; language detection is asserted for all of them.
import { assert } from './assert';
import { annotatedFindingsPresent, annotations, codeOf, hasCode, openFile, waitForDiagnostics } from './helpers';

const ASSERTED = new Set((process.env.TLSLINT_VSCODE_DIALECTS ?? 'nginx,apache,squid').split(/[\s,]+/).filter(Boolean));

const DIALECTS = [
  { dialect: 'nginx', file: 'nginx/nginx.conf', languageId: 'nginx' },
  { dialect: 'apache', file: 'apache2/sites-available/shop.conf', languageId: 'apacheconf' },
  { dialect: 'squid', file: 'squid/squid.conf', languageId: 'squid' },
];

for (const { dialect, file, languageId } of DIALECTS) {
  describe(`${dialect}: ${file}`, () => {
    it(`is recognised as ${languageId} by its name`, async () => {
      const doc = await openFile(file);
      assert.equal(doc.languageId, languageId);
    });

    it('has the findings its annotations name, and none its "ok" lines exclude', async function () {
      if (!ASSERTED.has(dialect)) {
        console.log(`  (${dialect} diagnostics not asserted: TLSLINT_VSCODE_DIALECTS=${[...ASSERTED].join(',')})`);
        this.skip();
      }
      const doc = await openFile(file);
      const expectations = annotations(doc);
      assert.ok(expectations.some((e) => e.kind === 'ruleid'), `${file} has no # ruleid: annotations`);
      const list = await waitForDiagnostics(doc.uri, (l) => annotatedFindingsPresent(expectations, l), 'every annotated finding');
      for (const e of expectations) {
        for (const id of e.ids) {
          const where = `${file}:${e.line + 1} (annotation on line ${e.annotationLine})`;
          if (e.kind === 'ruleid') assert.ok(hasCode(list, id, e.line), `${where}: expected ${id}`);
          else assert.ok(!hasCode(list, id, e.line), `${where}: unexpected ${id}; found ${list.filter((d) => d.range.start.line === e.line).map(codeOf).join(', ')}`);
        }
      }
    });
  });
}
