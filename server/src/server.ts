// Language server entry: `node server/out/server.js --stdio` (or IPC when started by the VS Code client).
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TlslintServer } from './lsp/tlslintServer';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const delay = Number(process.env.TLSLINT_LINT_DELAY_MS);
new TlslintServer(connection, documents, Number.isFinite(delay) && delay >= 0 ? delay : undefined).listen();
