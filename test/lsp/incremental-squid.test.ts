// Focused keystroke lints of a Squid tree (engine/model/focus.ts, model/squid/focus.ts): the other conf.d
// files of port lines and acls are left out of the lint, but their ports and acls still count where rules
// compare lines across files, so an edit in one conf.d file keeps the cross-file findings a full lint gives.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient } from './client';
import { focusPlanOf, fullLintOf, shown } from './fullLint';

let client: TestClient;
let dir: string;

const file = (rel: string): string => path.join(dir, rel);

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-incr-squid-')));
  const conf = path.join(dir, 'squid');
  fs.mkdirSync(path.join(conf, 'conf.d'), { recursive: true });
  fs.writeFileSync(file('squid/squid.conf'), `acl step1 at_step SslBump1\ntls_outgoing_options min-version=1.2\ninclude ${conf}/conf.d/*.conf\n`);
  for (let i = 0; i < 20; i++) {
    const extra = i === 3 ? 'http_port 3128\n' : i === 5 ? 'acl step2 dstdomain .example.test\n' : '';
    fs.writeFileSync(
      file(`squid/conf.d/p${String(i).padStart(2, '0')}.conf`),
      `https_port ${4000 + i} tls-cert=${conf}/tls/missing.pem tls-min-version=1.2\nacl site${i} dstdomain s${i}.example.test\n${extra}`,
    );
  }
  client = await TestClient.start({ folders: [dir] });
});

after(async () => {
  await client?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const fullLint = (rel: string, text: string): string[] => fullLintOf(dir, file(rel), text);

test('Squid: the other conf.d files are left out of a keystroke lint', () => {
  // The server plans its focused lints from this graph: the open conf.d file, its root and nothing else.
  const open = file('squid/conf.d/p12.conf');
  const { all, plan } = focusPlanOf(dir, open);
  assert.equal(all.filter((f) => plan.focus.skip(f)).length, 19, 'every other conf.d file');
  assert.deepEqual(plan.workspaceFiles.sort(), [file('squid/squid.conf'), open].sort());
});

test('Squid: edits of one conf.d file keep the cross-file findings of a full lint', async () => {
  const rel = 'squid/conf.d/p12.conf';
  let text = fs.readFileSync(file(rel), 'utf8');
  const uri = client.open(file(rel), text, 'squid');
  const first = await client.diagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(shown(first), fullLint(rel, text));
  const edits = [
    // p03.conf, left out, listens on 3128 first.
    (t: string) => t.replace('https_port 4012', 'https_port 3128'),
    // p05.conf, left out, defines step2 as a dstdomain acl too: the bump rule can apply at step 1. No
    // port has ssl-bump: the message names every port line, those of the left-out files too.
    (t: string) => t + 'acl step2 at_step SslBump2\nssl_bump bump step2\n',
    (t: string) => t.replace('https_port 3128', 'http_port 4012 ssl-bump'),
  ];
  for (const edit of edits) {
    text = edit(text);
    const v = client.change(uri, text);
    const p = await client.next(uri, (x) => x.version === v);
    assert.deepEqual(shown(p), fullLint(rel, text), text);
    const has = (prefix: string, part: string) => assert.ok(shown(p).some((d) => d.startsWith(prefix) && d.includes(part)), `${prefix} … ${part}: ${JSON.stringify(shown(p))}`);
    if (edit === edits[0]) has('listen-options-conflict@0:', 'http_port 3128 (p03.conf)');
    if (edit === edits[1]) {
      has('squid-bump-without-peek@', 'ssl_bump bump step2');
      has('squid-ssl-bump-port-missing@', 'https_port 4019');
    }
    if (edit === edits[2]) assert.ok(!shown(p).some((d) => d.startsWith('squid-ssl-bump-port-missing@')), 'an ssl-bump port now');
  }
});
