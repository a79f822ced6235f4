/**
 * Names the engine keeps in plain objects (producers, consumers, groups, topics by id) must
 * not be inherited property names: `world.producers["__proto__"]` would reach (and let a
 * command write to) Object.prototype. Ids like these are refused wherever a name comes in.
 */
export function isReservedName(name: string): boolean {
  return name in Object.prototype;
}

/** `record[key]` if the record has it as its own property (never an inherited one). */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
