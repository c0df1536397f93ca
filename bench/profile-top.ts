/**
 * `node dist/bench/profile-top.js DIR [N] [SKIP]`: the N (10) functions with the most self time
 * in each CPU profile under DIR, as `npm run bench -- --cpu-prof DIR` writes them (one folder per
 * process, one profile per thread), leaving out the first SKIP (0) seconds of each profile: a
 * profile covers the whole life of its process, and its start-up (module loading) would
 * otherwise crowd the top of a short run. Prints where the time goes; changes nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function profilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return profilesUnder(path);
    return entry.endsWith('.cpuprofile') ? [path] : [];
  });
}

/** Where a function lives, short: the package, or the path inside the repository. */
function place(url: string, line: number): string {
  if (!url) return '(native)';
  const packageAt = url.lastIndexOf('node_modules/');
  if (packageAt >= 0) {
    const [scopeOrName, name] = url.slice(packageAt + 'node_modules/'.length).split('/');
    return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
  }
  const distAt = url.indexOf('/dist/');
  const path = distAt >= 0 ? url.slice(distAt + 1) : url.replace('file://', '');
  return `${path}:${line + 1}`;
}

function summarise(path: string, top: number, skipSeconds: number) {
  const profile: CpuProfile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  const countFrom = profile.startTime + skipSeconds * 1e6;
  let sampledAt = profile.startTime;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id)!;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    sampledAt += profile.timeDeltas[index] ?? 0;
    if (sampledAt < countFrom) return;
    const name = node.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') {
      idleMs += ms;
      return;
    }
    totalMs += ms;
    const key = `${name}  ${place(node.callFrame.url, node.callFrame.lineNumber)}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  });
  const wallMs = (profile.endTime - Math.min(countFrom, profile.endTime)) / 1000;
  console.log(
    `\n${path}\n  busy ${(totalMs / 1000).toFixed(1)} s of ${(wallMs / 1000).toFixed(1)} s (idle ${(idleMs / 1000).toFixed(1)} s)`,
  );
  for (const [key, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `  ${ms.toFixed(0).padStart(7)} ms  ${((100 * ms) / totalMs).toFixed(1).padStart(5)} %  ${key}`,
    );
  }
}

const [dir, count, skip] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node dist/bench/profile-top.js DIR [N] [SKIP_SECONDS]');
  process.exit(2);
}
for (const path of profilesUnder(dir))
  summarise(relative(process.cwd(), path) || path, Number(count ?? 10), Number(skip ?? 0));
