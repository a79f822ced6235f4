#!/usr/bin/env node
// Runtime import cycles in the source tree.
//
//   node scripts/importCycles.mjs              every file under src
//   node scripts/importCycles.mjs src/engine   only files under src/engine (edges leaving it are dropped)
//
// Reads every .ts/.tsx file under the folder (tests excluded), collects the static `import … from`,
// `import '…'` and `export … from` statements with the TypeScript parser, and keeps the ones that
// exist at run time: `import type` / `export type` are erased (`verbatimModuleSyntax` is on), so
// they cannot create an evaluation-order problem and are left out. So are imports whose every
// specifier is marked `type` (`import { type A } from`), which only carry types (TypeScript keeps
// them as an empty `import {}`, a side-effect import; src has none today). Dynamic `import()` is
// left out too: it runs later, after every module has evaluated (the app's lazy chunks). Relative
// specifiers are resolved like the bundler does (as written, then .ts, .tsx, /index.ts,
// /index.tsx); package imports are not followed.
//
// It prints a summary of the runtime import graph, then every strongly connected component with
// more than one file (Tarjan's algorithm) with the edges inside it, and exits 1 if there is any.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];
const isTest = (file) => /\.test\.tsx?$/.test(file);

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts') && !isTest(name)) out.push(full);
  }
  return out;
}

/** Whether an import or export declaration survives compilation (is not type-only). */
function isRuntime(statement) {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause === undefined) return true; // import './side-effect'
    if (clause.isTypeOnly) return false;
    if (clause.name !== undefined) return true; // a default import
    const bindings = clause.namedBindings;
    if (bindings === undefined || ts.isNamespaceImport(bindings)) return true;
    return bindings.elements.length === 0 || bindings.elements.some((e) => !e.isTypeOnly);
  }
  if (ts.isExportDeclaration(statement)) {
    if (statement.isTypeOnly) return false;
    const clause = statement.exportClause;
    if (clause === undefined || !ts.isNamedExports(clause)) return true; // export * (as ns) from
    return clause.elements.length === 0 || clause.elements.some((e) => !e.isTypeOnly);
  }
  return false;
}

/** The relative specifiers a file imports at run time. */
function runtimeSpecifiers(file) {
  const text = readFileSync(file, 'utf8');
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const specifiers = [];
  for (const statement of source.statements) {
    const module = statement.moduleSpecifier;
    if (module === undefined || !ts.isStringLiteral(module)) continue;
    if (isRuntime(statement) && module.text.startsWith('.')) specifiers.push(module.text);
  }
  return specifiers;
}

function resolve(from, specifier, known) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const ext of EXTENSIONS) if (known.has(base + ext)) return base + ext;
  return null;
}

/** Tarjan's strongly connected components, iteratively (no recursion limit on deep chains). */
function stronglyConnected(nodes, edges) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = edges.get(frame.node);
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(target)));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined)
        low.set(parent.node, Math.min(low.get(parent.node), low.get(frame.node)));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort());
      }
    }
  }
  return components;
}

function main() {
  const dir = path.resolve(ROOT, process.argv[2] ?? 'src');
  const files = sourceFiles(dir);
  const known = new Set(files);
  const rel = (file) => path.relative(ROOT, file);
  const edges = new Map(files.map((f) => [f, []]));
  let outside = 0;
  for (const file of files) {
    for (const specifier of runtimeSpecifiers(file)) {
      const target = resolve(file, specifier, known);
      if (target === null) outside++;
      else if (!edges.get(file).includes(target)) edges.get(file).push(target);
    }
  }
  const edgeCount = [...edges.values()].reduce((n, targets) => n + targets.length, 0);
  const selfLoops = files.filter((f) => edges.get(f).includes(f));
  const cycles = stronglyConnected(files, edges).filter(
    (c) => c.length > 1 || selfLoops.includes(c[0]),
  );

  console.log(`runtime import graph of ${rel(dir) || '.'} (tests excluded)`);
  console.log(`  ${files.length} files, ${edgeCount} runtime import edges`);
  console.log(
    `  ${outside} relative imports leave the folder or name a non-source file (not followed)`,
  );
  const byFolder = new Map();
  for (const file of files) {
    const folder = rel(path.dirname(file));
    const entry = byFolder.get(folder) ?? { files: 0, edges: 0 };
    entry.files++;
    entry.edges += edges.get(file).length;
    byFolder.set(folder, entry);
  }
  for (const [folder, { files: n, edges: e }] of [...byFolder].sort())
    console.log(`    ${folder}: ${n} files, ${e} edges out`);
  if (cycles.length === 0) {
    console.log('no runtime import cycles');
    return;
  }
  console.log(`${cycles.length} runtime import cycle(s):`);
  for (const component of cycles) {
    const members = new Set(component);
    console.log(`  cycle of ${component.length} file(s):`);
    for (const file of component) {
      const inside = edges.get(file).filter((t) => members.has(t));
      console.log(`    ${rel(file)} → ${inside.map(rel).join(', ')}`);
    }
  }
  process.exitCode = 1;
}

main();
