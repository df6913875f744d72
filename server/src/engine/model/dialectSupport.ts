// What the workspace model needs to know about one dialect: how to parse a file, which files are entry
// points, where relative paths resolve, which contexts blocks open, and which directives include files.
// Each dialect provides one DialectSupport (nginx: nginxSupport.ts; Apache and Squid in their folders);
// workspace.ts drives them all the same way.

import type { FileSystem } from '../fs';
import type { Settings } from '../settings';
import type { Dialect } from '../types';
import type { Arg, Directive, ParsedFile } from '../syntax/tree';
import type { BlockContext, RootContext } from './workspace';

export interface IncludeRequest {
  /** The argument naming the file(s), for ranges in findings. */
  arg: Arg;
  /** The path pattern as the server would see it (dialect variables already expanded where known). */
  pattern: string;
  /** No finding when nothing matches (Apache `IncludeOptional`, globs in nginx and Squid). */
  optional: boolean;
}

export interface DialectSupport {
  dialect: Dialect;
  /** The server's name in messages: "nginx", "Apache httpd", "Squid". */
  serverName: string;
  parse(file: string, text: string): ParsedFile;
  /** An entry point (nginx.conf, apache2.conf/httpd.conf, squid.conf, or a file that looks like one). */
  isRoot(file: string, parsed: ParsedFile): boolean;
  /**
   * An entry point by its name (nginx.conf, apache2.conf/httpd.conf, squid.conf). A file that is an entry
   * point only by what it holds is one only when no other entry point includes it (see Workspace.build).
   */
  isNamedRoot(file: string): boolean;
  /**
   * Directory relative paths resolve against when the root starts (nginx: the conf dir; Apache: the
   * ServerRoot it will find; Squid: the config dir). A fragment gets the best guess.
   */
  rootPrefix(fs: FileSystem, file: string, parsed: ParsedFile, fragment: boolean, settings: Settings): string;
  /** Context of a root's top level (fragments: inferred from what they hold). */
  topContext(parsed: ParsedFile, fragment: boolean): string;
  /** Context a block directive opens inside `parent`. */
  childContext(d: Directive, parent: BlockContext): string;
  /** Called for each directive in expansion order, before it is placed (Apache `ServerRoot`, `Define`). */
  observe?(d: Directive, ctx: BlockContext): void;
  /** The include a directive stands for in this context, or undefined when it is not one. */
  include(d: Directive, ctx: BlockContext): IncludeRequest | undefined;
  /** Whether to expand a block's body (Apache `<IfModule>`/`<IfDefine>` known to be false: no). Default yes. */
  expandBlock?(d: Directive, ctx: BlockContext): boolean;
  /** A matched directory includes every file in it, recursively, in order (Apache). Default: no. */
  includesDirectories?: boolean;
  /** A non-optional include whose wildcard matches nothing fails too (Apache `Include`). Default: no. */
  globsMustMatch?: boolean;
  /** How the server reacts to an include that matches nothing, for the include-unresolved message. */
  includeFailure: string;
  /** Per-root state the dialect keeps while expanding (Defines, ServerRoot, loaded modules…). */
  initState?(root: RootContext): unknown;
}
