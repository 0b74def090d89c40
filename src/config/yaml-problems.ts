/**
 * Everything the YAML library can object to, as problems a person can act on: the errors and
 * warnings it reports (its whole `ErrorCode` catalogue, each with a hint), and what it would
 * otherwise throw while turning a document into values: an alias without its anchor, an alias
 * inside the value it names, aliases that expand beyond any profile's size.
 */
import { isAlias, isCollection, isMap, isScalar, isSeq, visit, type Alias, type Document, type ErrorCode, type Node, type ParseOptions, type DocumentOptions, type SchemaOptions, type YAMLError } from 'yaml';

/** How devnet parses every profile and --set value. */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = { prettyErrors: false, uniqueKeys: true, stringKeys: true };

/** A profile never needs more values than this, however it uses anchors and aliases. */
export const MAX_VALUES = 10_000;

export interface YamlProblem {
  message: string;
  hint: string;
  /** Offset in the text the problem is about. */
  offset: number;
}

const HINTS: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'an alias (*name) stands for its anchored value as it is: remove the tag or anchor written before it',
  BAD_ALIAS: 'an alias is * followed by the name of an anchor set earlier with &name, e.g. &small … *small',
  BAD_DIRECTIVE: 'a profile needs no % directive lines: remove them (or write exactly "%YAML 1.2")',
  BAD_DQ_ESCAPE: 'in "double quotes" a backslash starts an escape such as \\n or \\"; write \\\\ for a backslash, or use single quotes',
  BAD_INDENT: 'check the indentation: a nested field deeper than its parent, the items of one mapping or list at the same column, and a [ ] or { } value closed before the next field',
  BAD_PROP_ORDER: 'write the anchor (&name) or tag (!tag) after the ? or - indicator, right before the value',
  BAD_SCALAR_START: 'quote the value: plain text cannot start with @, `, % or another reserved character, e.g. "@value"',
  BLOCK_AS_IMPLICIT_KEY: 'put a nested mapping or list on its own lines, indented under its key; quote a value that contains ": "',
  BLOCK_IN_FLOW: 'inside [ ] or { } write items inline (a, b) rather than "- item" lines, or use indented lines for the whole value',
  DUPLICATE_KEY: 'a field may appear once in a mapping: remove or merge the repeated one',
  IMPOSSIBLE: 'the YAML parser met something it does not expect here; rewrite the text around this position more plainly',
  KEY_OVER_1024_CHARS: 'a field name is at most 1024 characters: look for a missing line break or ": " before this point',
  MISSING_CHAR: 'something is missing here: a closing quote or bracket, a comma, a colon, or the space after a colon or before a comment',
  MULTILINE_IMPLICIT_KEY: 'a field name and its colon must be on one line: look for a missing ": " at the end of the line',
  MULTIPLE_ANCHORS: 'give a value at most one anchor (&name)',
  MULTIPLE_DOCS: 'a profile is one YAML document: remove the "---" line and what follows it, or merge the documents',
  MULTIPLE_TAGS: 'give a value at most one tag; profiles need none, e.g. write 3 rather than !!int 3',
  NON_STRING_KEY: 'field names are plain text: a list or mapping cannot be a key',
  RESOURCE_EXHAUSTION: 'a profile needs only a few levels of nesting: look for brackets that are opened and never closed',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  TAG_RESOLVE_FAILED: 'remove the tag (!name or !!type) before the value; profiles need none, and the value must fit any tag it has',
  UNEXPECTED_TOKEN: 'this character does not belong here: check the brackets, quotes and indentation around it',
  BAD_COLLECTION_TYPE: 'the tag does not fit this list or mapping: remove it',
};

/** The library's own words where they speak of its API rather than the user's file. */
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  MULTIPLE_DOCS: 'a second YAML document starts here',
  RESOURCE_EXHAUSTION: 'lists or mappings nest too deeply here to be read',
};

export function yamlErrorProblem(error: YAMLError): YamlProblem {
  const own = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  return { message: MESSAGES[error.code] ?? own, hint: HINTS[error.code], offset: error.pos[0] };
}

/**
 * Every problem of a parsed document: what the library reported (errors and warnings alike: a
 * profile has no use for an unknown tag or directive), else what its aliases would do.
 */
export function documentProblems(doc: Document): YamlProblem[] {
  // One problem per position: the library may report a failure twice on its way out (a stack
  // overflow while composing a collection, then again while resolving its tag).
  const reported = [...doc.errors, ...doc.warnings].map(yamlErrorProblem).filter((p, i, all) => all.findIndex((q) => q.offset === p.offset) === i);
  return reported.length > 0 ? reported : aliasProblems(doc);
}

/** The document's values; call only when documentProblems found nothing. */
export function documentData(doc: Document): unknown {
  // Aliases were bounded by aliasProblems, with the library's own resolution rules.
  return doc.toJS({ maxAliasCount: -1 });
}

function aliasProblems(doc: Document): YamlProblem[] {
  const anchors = new Map<string, Node>();
  const sources = new Map<Alias, Node>();
  let problem: YamlProblem | undefined;
  // Document order, each node before its children: an alias refers to the last anchor of that
  // name above it, as the library resolves it.
  visit(doc, (_key, node, path) => {
    if (isAlias(node)) {
      const source = anchors.get(node.source);
      if (source === undefined) problem = at(node, `*${node.source} refers to no anchor &${node.source} above it`, 'set the anchor (&name) on a value before the alias (*name) that repeats it');
      else if (path.includes(source)) problem = at(node, `*${node.source} is inside the value it stands for, which would repeat without end`, 'point the alias at a value that does not contain it');
      else sources.set(node, source);
      return problem === undefined ? undefined : visit.BREAK;
    }
    if ((isScalar(node) || isCollection(node)) && node.anchor !== undefined) anchors.set(node.anchor, node);
    return undefined;
  });
  if (problem !== undefined) return [problem];
  const sizes = new Map<unknown, number>();
  const size = (node: unknown): number => {
    if (isAlias(node)) return size(sources.get(node));
    const known = sizes.get(node);
    if (known !== undefined) return known;
    const children: unknown[] = isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
    const total = 1 + children.reduce<number>((sum, child) => sum + (child === null || child === undefined ? 0 : size(child)), 0);
    sizes.set(node, total);
    return total;
  };
  const total = doc.contents === null ? 0 : size(doc.contents);
  if (total <= MAX_VALUES) return [];
  const [worst] = [...sources.keys()].sort((a, b) => size(b) - size(a));
  if (worst === undefined) return [];
  return [
    at(worst, `aliases expand this to more than ${MAX_VALUES} values (*${worst.source} alone stands for ${size(worst)})`, 'a profile needs far fewer values: write the repeated part out, or anchor something smaller'),
  ];
}

function at(node: Node | Alias, message: string, hint: string): YamlProblem {
  return { message, hint, offset: node.range?.[0] ?? 0 };
}
