// Editor features one dialect provides (nginx's are hover.ts, completion.ts, symbols.ts, links.ts).

import type { Position } from '../types';
import type { Workspace } from '../model/workspace';
import type { HoverResult } from './hover';
import type { CompletionEntry } from './completion';
import type { SymbolEntry } from './symbols';
import type { DocumentLinkEntry } from './links';

export interface DialectFeatures {
  hover?(ws: Workspace, file: string, pos: Position): HoverResult | undefined;
  complete?(ws: Workspace, file: string, pos: Position): CompletionEntry[];
  symbols?(ws: Workspace, file: string): SymbolEntry[];
  links?(ws: Workspace, file: string): DocumentLinkEntry[];
}
