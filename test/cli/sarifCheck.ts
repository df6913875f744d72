// A focused structural check of SARIF 2.1.0 logs, for the parts tlslint writes: for each object kind,
// the properties the OASIS schema allows (it forbids others), the ones it requires, and the value rules
// (enums, minimums, URI forms, array sizes); plus the cross-references the spec asks for (ruleIndex
// points at the rule named by ruleId, uriBaseId is declared, relatedLocation ids are unique).
// Returns every violation as "path: problem"; empty when the log passes.

type Json = unknown;
type Checker = (value: Json, at: string, out: string[], ctx: Context) => void;

interface Context {
  ruleIds: string[];
  baseIds: Set<string>;
}

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: Json): v is number => typeof v === 'number' && Number.isInteger(v);

function object(allowed: string[], required: string[], fields: Record<string, Checker> = {}, extra?: (o: Record<string, Json>, at: string, out: string[], ctx: Context) => void): Checker {
  return (v, at, out, ctx) => {
    if (!isObject(v)) {
      out.push(`${at}: expected an object`);
      return;
    }
    for (const k of Object.keys(v)) if (!allowed.includes(k)) out.push(`${at}: property "${k}" is not allowed here`);
    for (const k of required) if (!(k in v)) out.push(`${at}: required property "${k}" is missing`);
    for (const [k, check] of Object.entries(fields)) if (k in v) check(v[k], `${at}.${k}`, out, ctx);
    extra?.(v, at, out, ctx);
  };
}

function array(item: Checker, minItems = 0): Checker {
  return (v, at, out, ctx) => {
    if (!Array.isArray(v)) {
      out.push(`${at}: expected an array`);
      return;
    }
    if (v.length < minItems) out.push(`${at}: needs at least ${minItems} item(s)`);
    v.forEach((x, i) => item(x, `${at}[${i}]`, out, ctx));
  };
}

const string: Checker = (v, at, out) => {
  if (typeof v !== 'string') out.push(`${at}: expected a string`);
};
const boolean: Checker = (v, at, out) => {
  if (typeof v !== 'boolean') out.push(`${at}: expected a boolean`);
};
const oneOf = (values: string[]): Checker => (v, at, out) => {
  if (typeof v !== 'string' || !values.includes(v)) out.push(`${at}: expected one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
};
const integer = (min: number): Checker => (v, at, out) => {
  if (!isInt(v) || v < min) out.push(`${at}: expected an integer >= ${min}, got ${JSON.stringify(v)}`);
};
const absoluteUri: Checker = (v, at, out) => {
  if (typeof v !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(v)) {
    out.push(`${at}: expected an absolute URI, got ${JSON.stringify(v)}`);
    return;
  }
  try {
    new URL(v);
  } catch {
    out.push(`${at}: not a valid URI: ${v}`);
  }
};
const uriReference: Checker = (v, at, out) => {
  if (typeof v !== 'string' || /[\s\\"<>^`{|}]/.test(v) || /%(?![0-9A-Fa-f]{2})/.test(v)) out.push(`${at}: not a valid URI reference: ${JSON.stringify(v)}`);
};

const propertyBag: Checker = (v, at, out) => {
  if (!isObject(v)) out.push(`${at}: expected an object`);
  else if ('tags' in v) {
    const tags = v.tags;
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string') || new Set(tags).size !== tags.length) out.push(`${at}.tags: expected distinct strings`);
  }
};

const multiformatMessage = object(['text', 'markdown', 'properties'], ['text'], { text: string, markdown: string, properties: propertyBag });
const message = object(['text', 'markdown', 'id', 'arguments', 'properties'], [], { text: string, markdown: string, id: string, properties: propertyBag }, (o, at, out) => {
  if (!('text' in o) && !('id' in o)) out.push(`${at}: a message needs "text" or "id"`);
});
const LEVELS = ['none', 'note', 'warning', 'error'];

const artifactLocation = object(['uri', 'uriBaseId', 'index', 'description', 'properties'], [], { uri: uriReference, uriBaseId: string, index: integer(-1), properties: propertyBag }, (o, at, out, ctx) => {
  if (typeof o.uriBaseId === 'string' && !ctx.baseIds.has(o.uriBaseId)) out.push(`${at}: uriBaseId "${o.uriBaseId}" is not declared in run.originalUriBaseIds`);
  if (o.uriBaseId === undefined && typeof o.uri === 'string' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(o.uri)) out.push(`${at}: a relative uri needs a uriBaseId`);
});

const region = object(
  ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'],
  [],
  { startLine: integer(1), startColumn: integer(1), endLine: integer(1), endColumn: integer(1), message, properties: propertyBag },
  (o, at, out) => {
    if (!('startLine' in o) && !('charOffset' in o) && !('byteOffset' in o)) out.push(`${at}: a region needs startLine, charOffset or byteOffset`);
    if (isInt(o.startLine) && isInt(o.endLine) && o.endLine < o.startLine) out.push(`${at}: endLine before startLine`);
    if (isInt(o.startLine) && o.endLine === o.startLine && isInt(o.startColumn) && isInt(o.endColumn) && o.endColumn < o.startColumn) out.push(`${at}: endColumn before startColumn`);
  },
);

const physicalLocation = object(['address', 'artifactLocation', 'region', 'contextRegion', 'properties'], [], { artifactLocation, region, contextRegion: region, properties: propertyBag }, (o, at, out) => {
  if (!('artifactLocation' in o) && !('address' in o)) out.push(`${at}: needs artifactLocation or address`);
});

const location = object(['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'], [], { id: integer(-1), physicalLocation, message, properties: propertyBag });

const replacement = object(['deletedRegion', 'insertedContent', 'properties'], ['deletedRegion'], {
  deletedRegion: region,
  insertedContent: object(['text', 'binary', 'rendered', 'properties'], [], { text: string, binary: string, properties: propertyBag }),
  properties: propertyBag,
});
const artifactChange = object(['artifactLocation', 'replacements', 'properties'], ['artifactLocation', 'replacements'], { artifactLocation, replacements: array(replacement, 1), properties: propertyBag });
const fix = object(['description', 'artifactChanges', 'properties'], ['artifactChanges'], { description: message, artifactChanges: array(artifactChange, 1), properties: propertyBag });

const RESULT_PROPS = ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'];
const result = object(
  RESULT_PROPS,
  ['message'],
  { ruleId: string, ruleIndex: integer(-1), level: oneOf(LEVELS), message, locations: array(location), relatedLocations: array(location), fixes: array(fix), properties: propertyBag },
  (o, at, out, ctx) => {
    if (isInt(o.ruleIndex) && o.ruleIndex >= 0) {
      if (o.ruleIndex >= ctx.ruleIds.length) out.push(`${at}.ruleIndex: ${o.ruleIndex} is past the end of tool.driver.rules`);
      else if (o.ruleId !== undefined && ctx.ruleIds[o.ruleIndex] !== o.ruleId) out.push(`${at}: ruleIndex ${o.ruleIndex} is rule "${ctx.ruleIds[o.ruleIndex]}", not "${String(o.ruleId)}"`);
    }
    if (Array.isArray(o.relatedLocations)) {
      const ids = o.relatedLocations.map((l) => (isObject(l) ? l.id : undefined)).filter((x) => x !== undefined);
      if (new Set(ids).size !== ids.length) out.push(`${at}.relatedLocations: ids are not unique`);
    }
  },
);

const reportingDescriptor = object(
  ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'],
  ['id'],
  {
    id: string,
    name: string,
    shortDescription: multiformatMessage,
    fullDescription: multiformatMessage,
    help: multiformatMessage,
    helpUri: absoluteUri,
    defaultConfiguration: object(['enabled', 'level', 'rank', 'parameters', 'properties'], [], { enabled: boolean, level: oneOf(LEVELS), properties: propertyBag }),
    properties: propertyBag,
  },
);

const TOOL_COMPONENT_PROPS = ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'];
const toolComponent = object(TOOL_COMPONENT_PROPS, ['name'], { name: string, version: string, semanticVersion: string, informationUri: absoluteUri, rules: array(reportingDescriptor), properties: propertyBag }, (o, at, out) => {
  if (Array.isArray(o.rules)) {
    const ids = o.rules.map((r) => (isObject(r) ? r.id : undefined));
    if (new Set(ids).size !== ids.length) out.push(`${at}.rules: rule ids are not unique`);
  }
});

const notification = object(['locations', 'message', 'level', 'threadId', 'timeUtc', 'exception', 'descriptor', 'associatedRule', 'properties'], ['message'], { message, level: oneOf(LEVELS), properties: propertyBag });
const INVOCATION_PROPS = ['commandLine', 'arguments', 'responseFiles', 'startTimeUtc', 'endTimeUtc', 'exitCode', 'ruleConfigurationOverrides', 'notificationConfigurationOverrides', 'toolExecutionNotifications', 'toolConfigurationNotifications', 'exitCodeDescription', 'exitSignalName', 'exitSignalNumber', 'processStartFailureMessage', 'executionSuccessful', 'machine', 'account', 'processId', 'executableLocation', 'workingDirectory', 'environmentVariables', 'stdin', 'stdout', 'stderr', 'stdoutStderr', 'properties'];
const invocation = object(INVOCATION_PROPS, ['executionSuccessful'], { executionSuccessful: boolean, toolExecutionNotifications: array(notification), properties: propertyBag });

const RUN_PROPS = ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties'];

const run: Checker = (v, at, out) => {
  // The context (rule ids, declared base ids) comes from the run itself.
  const ctx: Context = { ruleIds: [], baseIds: new Set() };
  if (isObject(v)) {
    const driver = isObject(v.tool) ? v.tool.driver : undefined;
    if (isObject(driver) && Array.isArray(driver.rules)) ctx.ruleIds = driver.rules.map((r) => (isObject(r) && typeof r.id === 'string' ? r.id : ''));
    if (isObject(v.originalUriBaseIds)) ctx.baseIds = new Set(Object.keys(v.originalUriBaseIds));
  }
  object(RUN_PROPS, ['tool'], {
    tool: object(['driver', 'extensions', 'properties'], ['driver'], { driver: toolComponent, properties: propertyBag }),
    invocations: array(invocation),
    originalUriBaseIds: (bases, bat, bout) => {
      if (!isObject(bases)) {
        bout.push(`${bat}: expected an object`);
        return;
      }
      for (const [k, loc] of Object.entries(bases)) {
        object(['uri', 'uriBaseId', 'index', 'description', 'properties'], [], { uri: absoluteUri })(loc, `${bat}.${k}`, bout, ctx);
        if (isObject(loc) && typeof loc.uri === 'string' && !loc.uri.endsWith('/')) bout.push(`${bat}.${k}.uri: a base URI must end with "/"`);
      }
    },
    results: array(result),
    columnKind: oneOf(['utf16CodeUnits', 'unicodeCodePoints']),
    properties: propertyBag,
  })(v, at, out, ctx);
};

const sarifLog = object(['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'], ['version', 'runs'], {
  $schema: absoluteUri,
  version: oneOf(['2.1.0']),
  runs: array(run),
  properties: propertyBag,
});

export function sarifProblems(log: Json): string[] {
  const out: string[] = [];
  sarifLog(log, '$', out, { ruleIds: [], baseIds: new Set() });
  return out;
}
