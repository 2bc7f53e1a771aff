// Shared part of the peer benchmarks (cedar.mjs, casbin.mjs): reads the access
// checks that `bench_policy --emit` wrote, checks a peer engine against the C
// engine's answers, then times it and prints one JSON line for bench/run.
import { readFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);

// Version of an installed package, read from its own package.json.
export function packageVersion(name) {
  const url = new URL(`node_modules/${name}/package.json`, here);
  return JSON.parse(readFileSync(url, 'utf8')).version;
}

// Command line: INPUT.jsonl [--seconds S]
function parseArgs(argv) {
  const args = { input: null, seconds: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seconds') args.seconds = Number(argv[++i]);
    else if (args.input === null) args.input = argv[i];
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  if (args.input === null || !(args.seconds > 0)) {
    console.error('usage: node SCRIPT INPUT.jsonl [--seconds S]');
    process.exit(2);
  }
  return args;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

// What an engine hands over:
//   engine, version: for the report;
//   setup(lines): given all parsed input lines, builds the engine's request for
//                 each (never timed) and returns { requests, model }, model
//                 being one sentence on how the rule is expressed;
//   decide(request): the timed call, returning true for permit.
export function bench({ engine, version, setup, decide }) {
  const { input, seconds } = parseArgs(process.argv.slice(2));
  const text = readFileSync(input, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const lines = text.map((l) => JSON.parse(l));
  const { requests, model } = setup(lines);
  const n = requests.length;

  // 1. Agreement with the C engine on every input, before any timing.
  for (let i = 0; i < n; i++) {
    const got = decide(requests[i]);
    if (got !== lines[i].expect) {
      console.error(`${engine}: line ${i + 1}: engine says ${got}, expected ${lines[i].expect}`);
      console.error(text[i]);
      process.exit(1);
    }
  }

  // 2. Throughput: the inputs in turn, for `seconds`, one thread.
  const budget = BigInt(Math.round(seconds * 1e9));
  let checks = 0;
  let permits = 0;
  let i = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  do {
    for (let k = 0; k < 256; k++) {
      if (decide(requests[i])) permits++;
      if (++i === n) i = 0;
    }
    checks += 256;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  const perSec = checks / (Number(elapsed) / 1e9);

  // 3. Latency: each call timed on its own, less the cost of the timer itself.
  const pairs = new Float64Array(100000);
  for (let k = 0; k < pairs.length; k++) {
    const t0 = process.hrtime.bigint();
    const t1 = process.hrtime.bigint();
    pairs[k] = Number(t1 - t0);
  }
  const timer = pairs.sort()[pairs.length >> 1];
  //    Up to 200 000 calls, or as many as fit in `seconds` for a slow engine.
  const all = new Float64Array(200000);
  let m = 0;
  const latencyStart = process.hrtime.bigint();
  while (m < all.length) {
    const req = requests[i];
    const t0 = process.hrtime.bigint();
    const ok = decide(req);
    const t1 = process.hrtime.bigint();
    if (ok) permits++;
    all[m++] = Math.max(0, Number(t1 - t0) - timer);
    if (++i === n) i = 0;
    if (m % 1024 === 0 && t1 - latencyStart > budget) break;
  }
  const samples = all.subarray(0, m).sort();
  if (permits === 0) throw new Error('no permits while timing'); // keeps the results live

  console.log(JSON.stringify({
    engine,
    version,
    node: process.version,
    checks,
    agree: n,
    per_sec: Math.round(perSec),
    p50_ns: percentile(samples, 0.5),
    p99_ns: percentile(samples, 0.99),
    latency_samples: m,
    model,
  }));
}
