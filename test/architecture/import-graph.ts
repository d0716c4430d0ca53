import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** One import: the importing file and what it names, both relative to the repository root (a package by name). */
export interface Edge {
  from: string;
  to: string;
}

const ROOT = join(__dirname, '..', '..');
const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)'([^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative import names: `x` is `x.ts` or `x/index.ts`. */
function resolve(from: string, spec: string): string {
  const base = normalize(join(dirname(from), spec));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return base;
}

/** Every import of every TypeScript file under the given top-level folders. */
export function importsOf(dirs: string[]): Edge[] {
  return dirs.flatMap((dir) =>
    sourceFiles(dir).flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(IMPORT)].map(([, spec]) => ({
        from: file,
        to: spec.startsWith('.') ? relative(ROOT, join(ROOT, resolve(file, spec))) : spec,
      })),
    ),
  );
}

/**
 * The layer of a file: `lambda/core`, `lambda/engine`, `lambda/engine/ports` (the one engine module adapters may
 * use), `lambda/aws`, `lambda/handler`, `lib/<folder>` (`lib` for its top-level files), or `package` for anything
 * imported by name.
 */
export function layerOf(path: string): string {
  if (
    !path.startsWith('lambda/') &&
    !path.startsWith('lib/') &&
    !path.startsWith('bin/') &&
    !path.startsWith('test/') &&
    !path.startsWith('bench/')
  ) {
    return 'package';
  }
  const parts = path.split('/');
  if (parts[0] === 'lambda') {
    if (parts[1] === 'engine' && parts[2] === 'ports.ts') return 'lambda/engine/ports';
    if (parts[1] === 'core' || parts[1] === 'engine' || parts[1] === 'aws') return `lambda/${parts[1]}`;
    return 'lambda/handler';
  }
  if (parts[0] === 'lib') return parts.length === 2 ? 'lib' : `lib/${parts[1]}`;
  return parts[0];
}

/** Which layers each lambda layer may import (itself included). Packages are checked separately. */
const LAMBDA_MAY_IMPORT: Record<string, readonly string[]> = {
  'lambda/core': ['lambda/core'],
  'lambda/engine/ports': ['lambda/core', 'lambda/engine/ports'],
  'lambda/engine': ['lambda/core', 'lambda/engine', 'lambda/engine/ports'],
  'lambda/aws': ['lambda/core', 'lambda/engine/ports', 'lambda/aws'],
  'lambda/handler': ['lambda/core', 'lambda/engine', 'lambda/engine/ports', 'lambda/aws', 'lambda/handler'],
};

/** Packages that talk to AWS or to the Lambda runtime: the pure layers must not load them. */
const AWS_PACKAGE = /^(@aws-sdk\/|@smithy\/|@aws-lambda-powertools\/)/;

/** Each import that breaks a layer rule, as "from -> to: why". */
export function layerViolations(edges: Edge[]): string[] {
  const out: string[] = [];
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    const why = (reason: string) => out.push(`${from} -> ${to}: ${reason}`);
    if (a.startsWith('lambda/')) {
      if (b === 'package') {
        if ((a === 'lambda/core' || a.startsWith('lambda/engine')) && AWS_PACKAGE.test(to))
          why(`${a} is pure: no AWS SDK or Lambda runtime`);
      } else if (!LAMBDA_MAY_IMPORT[a].includes(b)) why(`${a} may import only ${LAMBDA_MAY_IMPORT[a].join(', ')}`);
      if (a === 'lambda/handler' && b === 'lambda/handler' && from.split('/')[1] !== to.split('/')[1])
        why('a handler does not import another handler');
    }
    if (a.startsWith('lib') && b === 'lambda/handler')
      why('lib/ wires the engine and the adapters itself; handlers are entry points');
    if ((a.startsWith('lib') || a.startsWith('lambda/') || a === 'bin') && (b === 'test' || b === 'bench'))
      why('shipped code does not import tests or the benchmark');
  }
  return out;
}

/** The groups of lib/ folders that import each other in a circle (strongly connected components with 2+ members). */
export function libCycles(edges: Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (!a.startsWith('lib') || !b.startsWith('lib') || a === b) continue;
    graph.set(a, (graph.get(a) ?? new Set()).add(b));
    if (!graph.has(b)) graph.set(b, new Set());
  }
  // Tarjan's algorithm.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.sort((x, y) => x[0].localeCompare(y[0]));
}
