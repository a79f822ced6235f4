import type { PathPart } from './yamlPath';

/**
 * Completion and hover from the scenario's JSON Schema (public/scenario.schema.json:
 * draft-07, generated, no $ref). Unions are `anyOf`: a path is followed through every branch
 * at once, and the branches that cannot hold the keys already written are set aside (a step
 * with `produce` is a produce step). Nothing here throws on a schema or path it does not
 * know: it answers [] or null.
 */

export interface SchemaLike {
  [k: string]: unknown;
}

export interface Completion {
  label: string;
  detail?: string;
  info?: string;
  kind: 'property' | 'value';
}

const isSchema = (value: unknown): value is SchemaLike =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A union's branches, flattened (anyOf inside anyOf too); any other node is its own branch. */
function branchesOf(node: SchemaLike): SchemaLike[] {
  const union = Array.isArray(node.anyOf)
    ? node.anyOf
    : Array.isArray(node.oneOf)
      ? node.oneOf
      : null;
  if (union === null) return [node];
  return union.filter(isSchema).flatMap(branchesOf);
}

function propertiesOf(node: SchemaLike): Record<string, unknown> {
  return isSchema(node.properties) ? node.properties : {};
}

/** The node a key leads to in an object node: its own property, else additionalProperties. */
function propertyNode(node: SchemaLike, key: string): SchemaLike | null {
  const own = propertiesOf(node);
  if (Object.hasOwn(own, key)) return isSchema(own[key]) ? own[key] : null;
  return isSchema(node.additionalProperties) ? node.additionalProperties : null;
}

/** The node an index leads to in an array node: `items` (or a tuple's item). */
function itemNode(node: SchemaLike, index: number): SchemaLike | null {
  if (isSchema(node.items)) return node.items;
  if (Array.isArray(node.items)) {
    const item: unknown = node.items[index];
    if (isSchema(item)) return item;
    return isSchema(node.additionalItems) ? node.additionalItems : null;
  }
  return null;
}

/** The schema node(s) for a path (anyOf branches flattened), for the above and for tests. */
export function schemaAt(schema: SchemaLike, path: PathPart[]): SchemaLike[] {
  let nodes = branchesOf(schema);
  for (const part of path) {
    const next: SchemaLike[] = [];
    for (const node of nodes) {
      const child = typeof part === 'number' ? itemNode(node, part) : propertyNode(node, part);
      if (child !== null) next.push(...branchesOf(child));
    }
    nodes = [...new Set(next)];
    if (nodes.length === 0) return [];
  }
  return nodes;
}

function typesOf(node: SchemaLike): string[] {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type.filter((t): t is string => typeof t === 'string');
  return [];
}

const isObjectNode = (node: SchemaLike): boolean =>
  typesOf(node).includes('object') || isSchema(node.properties);

/** The values a node allows when it lists them (enum or const). */
function listedValues(node: SchemaLike): unknown[] {
  if (Array.isArray(node.enum)) return node.enum;
  if (Object.hasOwn(node, 'const')) return [node.const];
  return [];
}

/** A value as it is written in YAML: strings quoted only when YAML would read them otherwise. */
function yamlText(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  const plain =
    /^[A-Za-z_./][\w./-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** The words for a type: "number", "string", "list", "object", "one of a, b", joined with " | " for a union. */
function typeWords(branches: SchemaLike[]): string | undefined {
  const words: string[] = [];
  const values: string[] = [];
  const add = (word: string): void => {
    if (!words.includes(word)) words.push(word);
  };
  for (const branch of branches) {
    const listed = listedValues(branch);
    if (listed.length > 0) {
      for (const value of listed)
        if (!values.includes(yamlText(value))) values.push(yamlText(value));
      continue;
    }
    for (const type of typesOf(branch)) {
      if (type === 'integer' || type === 'number') add('number');
      else if (type === 'array') add('list');
      else add(type);
    }
  }
  if (values.length > 0) add(`one of ${values.join(', ')}`);
  return words.length > 0 ? words.join(' | ') : undefined;
}

/** A field's description: on its own node, else on its branches (the first that has one). */
function descriptionOf(nodes: SchemaLike[]): string | undefined {
  for (const node of [...nodes, ...nodes.flatMap(branchesOf)]) {
    if (typeof node.description === 'string' && node.description !== '') return node.description;
  }
  return undefined;
}

/**
 * The object branches at `path` that can hold every key in `siblings`. When none can (a typo,
 * a key from another version), the ones that hold the most of them: still the best guess.
 */
function branchesFitting(schema: SchemaLike, path: PathPart[], siblings: string[]): SchemaLike[] {
  const objects = schemaAt(schema, path).filter(isObjectNode);
  const holds = (node: SchemaLike, key: string): boolean =>
    Object.hasOwn(propertiesOf(node), key) || node.additionalProperties !== false;
  const scores = objects.map((node) => siblings.filter((key) => holds(node, key)).length);
  const best = Math.max(0, ...scores);
  return objects.filter((_, i) => scores[i] === best);
}

function requiredOf(node: SchemaLike): string[] {
  return Array.isArray(node.required)
    ? node.required.filter((k): k is string => typeof k === 'string')
    : [];
}

/** Keys the mapping at `path` may hold, minus `siblings`; with anyOf, the union of the branches that are objects and are consistent with the siblings already there (a step with `produce` present narrows to the produce branch). detail: a short type ("number", "string", "object", "list", "one of a, b"); info: the description. Sorted: required first, then alphabetical. */
export function keyCompletions(
  schema: SchemaLike,
  path: PathPart[],
  siblings: string[],
): Completion[] {
  const branches = branchesFitting(schema, path, siblings);
  const fields = new Map<string, SchemaLike[]>();
  for (const branch of branches) {
    for (const [key, node] of Object.entries(propertiesOf(branch))) {
      if (siblings.includes(key) || !isSchema(node)) continue;
      fields.set(key, [...(fields.get(key) ?? []), node]);
    }
  }
  // Required only when every branch left requires it: a step's `at`, not each step kind.
  const required = (key: string): boolean =>
    branches.length > 0 && branches.every((branch) => requiredOf(branch).includes(key));
  const completions = [...fields].map(([key, nodes]) => {
    const completion: Completion = { label: key, kind: 'property' };
    const detail = typeWords(nodes.flatMap(branchesOf));
    const info = descriptionOf(nodes);
    if (detail !== undefined) completion.detail = detail;
    if (info !== undefined) completion.info = info;
    return { completion, required: required(key) };
  });
  completions.sort(
    (a, b) =>
      Number(b.required) - Number(a.required) ||
      a.completion.label.localeCompare(b.completion.label),
  );
  return completions.map((c) => c.completion);
}

/** The nodes of the field at the end of `path` as its parent declares them (before flattening), for descriptions and defaults. */
function fieldNodes(schema: SchemaLike, path: PathPart[]): SchemaLike[] {
  const key = path.at(-1);
  if (key === undefined) return [];
  const nodes: SchemaLike[] = [];
  for (const parent of schemaAt(schema, path.slice(0, -1))) {
    const node = typeof key === 'number' ? itemNode(parent, key) : propertyNode(parent, key);
    if (node !== null && !nodes.includes(node)) nodes.push(node);
  }
  return nodes;
}

/** The values a branch offers to complete: its listed values, or true and false for a boolean. */
function offeredValues(branch: SchemaLike): string[] {
  const listed = listedValues(branch);
  if (listed.length > 0) return listed.map(yamlText);
  return typesOf(branch).includes('boolean') ? ['true', 'false'] : [];
}

/** Values for the key at the end of `path`: enum/const values, true/false for booleans; [] when free-form. */
export function valueCompletions(schema: SchemaLike, path: PathPart[]): Completion[] {
  const field = fieldNodes(schema, path);
  const info = descriptionOf(field);
  const withDefault = field.find((node) => Object.hasOwn(node, 'default'));
  const defaultText = withDefault === undefined ? undefined : yamlText(withDefault.default);
  const labels = [...new Set(schemaAt(schema, path).flatMap(offeredValues))];
  return labels.map((label) => {
    const completion: Completion = { label, kind: 'value' };
    if (label === defaultText) completion.detail = 'default';
    if (info !== undefined) completion.info = info;
    return completion;
  });
}

/** The field at the end of `path` (a key): its description, type, allowed values and default; null when the schema does not know it. */
export function describeField(
  schema: SchemaLike,
  path: PathPart[],
): {
  key: string;
  description?: string;
  type?: string;
  values?: string[];
  default?: unknown;
} | null {
  const key = path.at(-1);
  if (typeof key !== 'string') return null;
  // Only keys the schema names: a key matched by additionalProperties is any key at all.
  const parents = schemaAt(schema, path.slice(0, -1));
  const nodes = parents.flatMap((parent) => {
    const own = propertiesOf(parent)[key];
    return isSchema(own) ? [own] : [];
  });
  if (nodes.length === 0) return null;
  const branches = [...new Set(nodes.flatMap(branchesOf))];
  const field: {
    key: string;
    description?: string;
    type?: string;
    values?: string[];
    default?: unknown;
  } = { key };
  const description = descriptionOf(nodes);
  const type = typeWords(branches);
  const values = [...new Set(branches.flatMap(listedValues).map(yamlText))];
  const withDefault = [...nodes, ...branches].find((node) => Object.hasOwn(node, 'default'));
  if (description !== undefined) field.description = description;
  if (type !== undefined) field.type = type;
  if (values.length > 0) field.values = values;
  if (withDefault !== undefined) field.default = withDefault.default;
  return field;
}
