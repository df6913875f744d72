// Entry VS Code loads as `extensionTestsPath`: runs every *.test.js next to it with mocha and prints a
// closing line CI reads ("N passed, N failed, N skipped"), after how many assertions ran.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { assertionCount } from './assert';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  const grep = process.env.TLSLINT_VSCODE_GREP;
  if (grep) mocha.grep(grep);
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const runner = mocha.run(() => {
      console.log(`${assertionCount()} assertions`);
      console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
      if (failed > 0 || passed === 0) reject(new Error(`${failed} of ${passed + failed} editor tests failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
    runner.on('pending', () => skipped++);
  });
}
