// Summarises .cpuprofile files (from `node --cpu-prof`, one per thread) so a bench run's
// hot spots can be read in a terminal: self time by function and by file, per profile.
//
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node bench/run.mjs --modes lean --no-build
//   node bench/cpu-profile-summary.mjs /tmp/prof [topN]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!dir) {
  console.error('usage: node bench/cpu-profile-summary.mjs DIR [topN]');
  process.exit(2);
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map();
  // timeDeltas[i] is the time before sample i; attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const byFunction = new Map();
  const byFile = new Map();
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id).callFrame;
    const name = frame.functionName || '(anonymous)';
    if (name === '(idle)') idleMs += ms;
    const where = frame.url ? frame.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm:').replace(process.cwd() + '/', '') : '';
    const fnKey = `${name}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fnKey, (byFunction.get(fnKey) ?? 0) + ms);
    const fileKey = where || `(${name})`;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  console.log(`\n=== ${file}: ${(totalMs / 1000).toFixed(1)} s wall, ${(busyMs / 1000).toFixed(1)} s busy`);
  const print = (title, map) => {
    console.log(`-- ${title}`);
    for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / busyMs).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  print('self time by file', byFile);
  print('self time by function', byFunction);
}
