import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The backend workspace root. */
export const BACKEND = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOMAINS = join(BACKEND, 'src', 'domains');

/** Folders any domain may import: they belong to no domain. */
export const SHARED_FOLDERS: readonly string[] = ['shared', 'generated'];

/** One import of a domain folder by another: the importing file and the imported one (relative to src/domains). */
export type DomainImport = { from: string; to: string; file: string; target: string };

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?\sfrom\s+['"]([^'"]+)['"]|(?:^|[\s;])import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The `imports` aliases of backend/package.json (`#x/*` -> `./src/x/*`), if any. */
function aliases(): [prefix: string, target: string][] {
  const pkg = JSON.parse(readFileSync(join(BACKEND, 'package.json'), 'utf8')) as { imports?: Record<string, unknown> };
  return Object.entries(pkg.imports ?? {}).flatMap(([key, value]) => {
    const target =
      typeof value === 'string'
        ? value
        : typeof value === 'object' && value !== null
          ? Object.values(value).find((v) => typeof v === 'string')
          : undefined;
    return typeof target === 'string'
      ? [[key.replace(/\*.*$/, ''), target.replace(/\*.*$/, '')] as [string, string]]
      : [];
  });
}

function resolveSpecifier(file: string, spec: string, alias: [string, string][]): string | null {
  let base: string | null = null;
  if (spec.startsWith('.')) base = resolve(dirname(file), spec);
  else {
    const hit = alias.find(([prefix]) => spec.startsWith(prefix));
    if (hit) base = resolve(BACKEND, hit[1] + spec.slice(hit[0].length));
  }
  if (base === null) return null;
  const stem = base.replace(/\.js$/, '');
  for (const candidate of [stem, `${stem}.ts`, `${stem}.tsx`, join(stem, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return `${stem}.ts`;
}

/** The top folder under src/domains of a path, or null outside it. */
function domainOf(path: string): string | null {
  const rel = relative(DOMAINS, path);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0]! : null;
}

/** Every relative (or `#alias`) import of the backend's source files, as file -> imported files (absolute paths). */
export function fileImports(): Map<string, string[]> {
  const alias = aliases();
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(join(BACKEND, 'src'))) {
    const targets: string[] = [];
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveSpecifier(file, match[1] ?? match[2] ?? match[3]!, alias);
      if (target !== null) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Every import from one domain folder into another (shared folders excluded on both ends). */
export function domainImports(files: Map<string, string[]> = fileImports()): DomainImport[] {
  const out: DomainImport[] = [];
  for (const [file, targets] of files) {
    const from = domainOf(file);
    if (from === null || SHARED_FOLDERS.includes(from)) continue;
    for (const target of targets) {
      const to = domainOf(target);
      if (to === null || to === from || SHARED_FOLDERS.includes(to)) continue;
      out.push({ from, to, file: relative(DOMAINS, file), target: relative(DOMAINS, target) });
    }
  }
  return out;
}

/**
 * The import circles among files (strongly connected components of more than one file) that hold files of two or
 * more domain folders: a circle that runs through a file outside them (such as `domains/reactions.ts`) still counts.
 */
export function crossDomainFileCircles(files: Map<string, string[]> = fileImports()): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of files.get(v) ?? []) {
      if (!files.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      component.push(w);
    } while (w !== v);
    const domains = new Set(
      component.map(domainOf).filter((d): d is string => d !== null && !SHARED_FOLDERS.includes(d)),
    );
    if (domains.size > 1) circles.push(component.map((f) => relative(join(BACKEND, 'src'), f)).sort());
  };
  for (const file of files.keys()) if (!index.has(file)) visit(file);
  return circles;
}

/** The domain graph: each domain folder and the domain folders it imports. */
export function domainGraph(imports: readonly DomainImport[] = domainImports()): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

/** Every elementary cycle of the graph, each as its nodes starting from the smallest name (`a -> b -> a` is [a, b]). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])])].sort();
  const found: string[][] = [];
  // A cycle is reported from its smallest node only, so each is found once.
  for (const start of nodes) {
    const walk = (node: string, path: string[]) => {
      for (const next of [...(graph.get(node) ?? [])].sort()) {
        if (next === start) found.push([...path]);
        else if (next > start && !path.includes(next)) walk(next, [...path, next]);
      }
    };
    walk(start, [start]);
  }
  return found;
}

/** A cycle as text: `a -> b -> a`. */
export function formatCycle(cycle: readonly string[]): string {
  return [...cycle, cycle[0]].join(' -> ');
}
