// The Apache parser against the real `apache2 -t`: for tricky inputs, the parser's verdict (a problem
// that is not a hazard = httpd refuses the file) agrees with httpd's, and where the parser predicts
// httpd's message and line, they are what httpd prints. Several inputs are about how lines split into
// words, which httpd shows through SSLEngine's arity and values (one argument: on, off or optional, as
// mod_ssl's ssl_cmd_SSLEngine checks): the test applies that check to the parsed words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseApache, type ApacheSyntaxProblem } from '../../server/src/engine/syntax/apache';
import { requireOracleOrSkip } from '../helpers/oracle';
import { apacheCheckText } from '../helpers/apacheOracle';

/** [name, text]: inputs whose directives all exist in the oracle's configuration (mod_ssl, mod_headers…). */
const CASES: [string, string][] = [
  ['plain directives', 'SSLProtocol -all +TLSv1.2 +TLSv1.3\nSSLHonorCipherOrder off\n'],
  ['case-insensitive names and values', 'sslprotocol -ALL +tlsv1.2\nSSLSESSIONTICKETS Off\n'],
  ['continuation joins words', 'SSLProtocol -all \\\n    +TLSv1.2\n'],
  ['continuation inside a word', 'SSLEngine o\\\nn\n'],
  ['continuation keeps the next line\'s blanks (two words)', 'SSLEngine o\\\n   n\n'],
  ['continuation with CRLF', 'SSLEngine o\\\r\nn\r\n'],
  ['blank after backslash: no continuation', 'SSLEngine on\\ \nSSLEngine off\n'],
  ['comment continued by a backslash swallows the next line', '# note \\\nSSLProtocol nonsense\n'],
  ['indented comment', '   \t# indented\nSSLEngine off\n'],
  ['# after arguments is an argument', 'SSLProtocol all # comment\n'],
  ['# after an on/off argument', 'SSLEngine on # comment\n'],
  ['# inside quotes is text', 'SSLCipherSuite "HIGH:!aNULL#x"\n'],
  ['# word as a value of a non-SSL directive', 'Header always set X-Color #fff\n'],
  ['double-quoted argument', 'Header always set Strict-Transport-Security "max-age=63072000; includeSubDomains"\n'],
  ['single-quoted argument with escaped quote', "Header always set X-Test 'a\\'b'\n"],
  ['word glued after a closing quote', 'SSLEngine "on"x\n'],
  ['unterminated quote runs to the end of the line', 'SSLEngine "on\n'],
  ['section with arguments', '<VirtualHost *:443 [::]:443>\nSSLEngine on\n</VirtualHost>\n'],
  ['quoted section argument', '<VirtualHost "*:8443">\n</VirtualHost>\n'],
  ['closing tag in other case', '<VirtualHost *:443>\n</virtualhost>\n'],
  ['text after the closing tag is ignored', '<VirtualHost *:443>\n</VirtualHost> trailing words\n'],
  ['text after > of the opening tag', '<VirtualHost *:443>x\n</VirtualHost>\n'],
  ['nested sections', '<VirtualHost *:443>\n<Location /a>\nHeader set X-A 1\n</Location>\n</VirtualHost>\n'],
  ['unclosed VirtualHost', '<VirtualHost *:443>\nSSLEngine on\n'],
  ['stray closing tag', 'SSLEngine off\n</VirtualHost>\n'],
  ['mismatched closing tag', '<VirtualHost *:443>\n<Location />\n</VirtualHost>\n'],
  ['opening tag without >', '<VirtualHost *:443\n</VirtualHost>\n'],
  ['closing tag with arguments', '<VirtualHost *:443>\n</VirtualHost foo>\n'],
  ['closing tag with a blank before >', '<VirtualHost *:443>\n</VirtualHost >\n'],
  ['section without its argument', '<VirtualHost>\n</VirtualHost>\n'],
  ['IfModule without argument', '<IfModule>\n</IfModule>\n'],
  ['true IfModule body', '<IfModule ssl_module>\nSSLHonorCipherOrder on\n</IfModule>\n'],
  ['false IfModule must still be balanced', '<IfModule nope_module>\n<VirtualHost *:1>\n</IfModule>\n'],
  ['Define and ${VAR} expansion', 'Define PROTO TLSv1.2\nSSLProtocol -all +${PROTO}\n'],
  ['continued closing tag line', '<VirtualHost *:443>\n</Virtual\\\nHost>\n'],
  ['empty file with blanks only', '\n  \n\t\n'],
  ['CR LF line ends throughout', '<VirtualHost *:443>\r\nSSLEngine on\r\n</VirtualHost>\r\n'],
];

test('the Apache parser agrees with apache2 -t on tricky inputs', (t) => {
  if (!requireOracleOrSkip(t, 'apache2')) return;
  assert.ok(CASES.length >= 30);
  const disagreements: string[] = [];
  for (const [name, text] of CASES) {
    const parsed = parseApache('/t/test.conf', text);
    const problems = parsed.problems as ApacheSyntaxProblem[];
    const rejects = problems.filter((p) => !p.hazard).map((p) => ({ message: p.message, apache: p.apache }));
    for (const d of parsed.directives) {
      if (d.lname !== 'sslengine') continue;
      if (d.args.length !== 1 || !['on', 'off', 'optional'].includes(d.args[0].text.toLowerCase())) {
        rejects.push({ message: `SSLEngine with words ${JSON.stringify(d.args.map((a) => a.text))}`, apache: undefined });
      }
    }
    const oracle = apacheCheckText(text);
    if (oracle.timedOut) {
      disagreements.push(`${name}: apache2 timed out`);
      continue;
    }
    if (oracle.ok !== (rejects.length === 0)) {
      disagreements.push(`${name}: apache2 ${oracle.ok ? 'accepts' : `rejects (${oracle.message}, line ${oracle.line})`}, tlslint ${rejects.length ? `reports ${rejects.map((p) => p.message).join('; ')}` : 'accepts'}`);
      continue;
    }
    const predicted = rejects.find((p) => p.apache)?.apache;
    if (!oracle.ok && predicted && rejects[0].apache) {
      if (predicted.message !== oracle.message || predicted.line !== oracle.line) {
        disagreements.push(`${name}: predicted "${predicted.message}" on line ${predicted.line}, apache2 says "${oracle.message}" on line ${oracle.line}`);
      }
    }
  }
  assert.deepEqual(disagreements, []);
});
