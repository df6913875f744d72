// Editor features for Apache httpd files: hover, completion, document symbols and links.

import type { DialectFeatures } from '../dialectFeatures';
import type { Position } from '../../types';
import type { Workspace } from '../../model/workspace';
import type { HoverResult } from '../hover';
import { hoverApache } from './hover';
import { completeApache } from './completion';
import { apacheSymbols } from './symbols';
import { apacheLinks } from './links';

/**
 * Hook for hover on certificate, key and CA paths (what the file holds), provided by the Apache model's
 * certificate support (features/apache/certificateHover.ts). Until that lands it is absent and a path
 * argument gets no hover.
 */
const apacheCertificateHover = undefined as ((ws: Workspace, file: string, pos: Position) => HoverResult | undefined) | undefined;

export const apacheFeatures: DialectFeatures = {
  hover(ws, file, pos) {
    const parsed = ws.parsed(file);
    if (!parsed) return undefined;
    return apacheCertificateHover?.(ws, file, pos) ?? hoverApache(parsed, pos);
  },
  complete(ws, file, pos) {
    const parsed = ws.parsed(file);
    return parsed ? completeApache(parsed, pos) : [];
  },
  symbols(ws, file) {
    const parsed = ws.parsed(file);
    return parsed ? apacheSymbols(parsed) : [];
  },
  links: apacheLinks,
};
