// Summarizes a V8 .cpuprofile: self ms per package/file, self and inclusive ms per function.
//   node --cpu-prof --cpu-prof-interval 200 --cpu-prof-name lint.cpuprofile bin/run.js integration lint ...
//   node scripts/bench/cpuprofile-summary.mjs lint.cpuprofile [topN]
// Inclusive times of async functions are lower bounds: code after an await is sampled under the microtask queue.
import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 25);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const incl = new Map();
const pkg = new Map();
const short = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, 'nm:')
    .replace(/^\/.*?\/(lib|bin|scripts)\//, '$1/');
const fname = (n) => `${n.callFrame.functionName || '(anon)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const pkgOf = (n) => {
  const u = short(n.callFrame.url);
  if (!u) return n.callFrame.functionName;
  if (u.startsWith('nm:')) {
    const p = u.slice(3).split('/');
    return 'nm:' + (p[0].startsWith('@') ? p.slice(0, 2).join('/') : p[0]);
  }
  return u.startsWith('node:') ? 'node internals' : u;
};
let total = 0;
for (let i = 0; i < prof.samples.length; i++) {
  const dt = (prof.timeDeltas[i] ?? 0) / 1000;
  total += dt;
  const n = byId.get(prof.samples[i]);
  self.set(fname(n), (self.get(fname(n)) ?? 0) + dt);
  pkg.set(pkgOf(n), (pkg.get(pkgOf(n)) ?? 0) + dt);
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parent.get(id)) {
    const f = fname(byId.get(id));
    if (!seen.has(f)) {
      seen.add(f);
      incl.set(f, (incl.get(f) ?? 0) + dt);
    }
  }
}
const show = (title, m, n) => {
  console.log(`\n${title}`);
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, v]) =>
      console.log(`${v.toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`),
    );
};
console.log(`total sampled ${total.toFixed(0)} ms`);
show('self time by package / file', pkg, 15);
show('self time by function', self, top);
show('inclusive time by function', incl, top);
