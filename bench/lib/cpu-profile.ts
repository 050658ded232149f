import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One group's (a package, a file of ours, node internals, GC) share of busy time, or of sampled allocations. */
export interface ProfileShare {
  readonly where: string;
  readonly share: number;
}

const ROOT = resolve(__dirname, '..', '..');

/** Which group a frame's self time belongs to: `pkg:<name>`, a repository file, `node:<module>`, or V8's own. */
function groupOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (path.startsWith('node:')) return path;
  const modules = path.lastIndexOf(`node_modules${sep}`);
  if (modules >= 0) {
    const rest = path.slice(modules + 'node_modules/'.length).split(sep);
    return `pkg:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  // Children run the JavaScript transpiled into .data/bench-js: name the source file it came from.
  const inRepo = relative(ROOT, path).replace(/^\.data\/bench-js\/(.*)\.js$/, '$1.ts');
  return inRepo.startsWith('..') ? path : inRepo;
}

/** A group that names code someone chose: a package or a repository file (not node internals, not V8). */
const isOwned = (group: string) => group.startsWith('pkg:') || !/^(node:|\()/.test(group);

/**
 * For each node of a profile's call tree, the nearest package or repository file on its stack, so that time or
 * memory inside node internals or native code counts for the code that called it.
 */
function ownership(nodes: readonly ProfileNode[]): (id: number) => string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const owner = new Map<number, string>();
  return (id: number): string => {
    const known = owner.get(id);
    if (known) return known;
    let at: number | undefined = id;
    let found = groupOf(byId.get(id)!.callFrame);
    while (at !== undefined) {
      const group = groupOf(byId.get(at)!.callFrame);
      if (isOwned(group)) {
        found = group;
        break;
      }
      at = parent.get(at);
    }
    owner.set(id, found);
    return found;
  };
}

/** The largest entries of `totals` as shares of `all`. */
function rank(totals: Map<string, number>, all: number, top: number): ProfileShare[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, amount]) => ({ where, share: amount / all }));
}

/**
 * CPU time summed by where it was spent, busiest first, `(idle)` left out. `groups` charges each sample to the
 * nearest package or repository file on its stack; `functions` names the leaf function and that owner.
 */
export function summarizeProfile(
  file: string,
  top = 12,
): { groups: ProfileShare[]; functions: ProfileShare[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ownerOf = ownership(profile.nodes);
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    if (frame.functionName === '(idle)') return;
    busy += us;
    const group = ownerOf(id);
    groups.set(group, (groups.get(group) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} in ${group}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  });
  return { groups: rank(groups, busy, top), functions: rank(functions, busy, top) };
}

interface HeapProfileNode {
  id: number;
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children?: HeapProfileNode[];
}

/**
 * Allocations summed by where they were made (a sampling heap profile, bench-child's `allocations` kind): the
 * share of all sampled bytes, by owner (as summarizeProfile) and by allocating function.
 */
export function summarizeAllocations(
  file: string,
  top = 12,
): { groups: ProfileShare[]; functions: ProfileShare[] } {
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapProfileNode };
  const nodes: HeapProfileNode[] = [];
  const visit = (node: HeapProfileNode) => {
    nodes.push(node);
    for (const child of node.children ?? []) visit(child);
  };
  visit(head);
  const ownerOf = ownership(
    nodes.map((n) => ({ id: n.id, callFrame: n.callFrame, children: (n.children ?? []).map((c) => c.id) })),
  );
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let all = 0;
  for (const node of nodes) {
    if (!node.selfSize) continue;
    all += node.selfSize;
    const group = ownerOf(node.id);
    groups.set(group, (groups.get(group) ?? 0) + node.selfSize);
    const fn = `${node.callFrame.functionName || '(anonymous)'} in ${group}`;
    functions.set(fn, (functions.get(fn) ?? 0) + node.selfSize);
  }
  return { groups: rank(groups, all, top), functions: rank(functions, all, top) };
}
