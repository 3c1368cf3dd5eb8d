import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { fetchReportData } from './src/cloud/reportData.ts';
const cpuMs = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1).split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
async function serve(root) {
  const home = mkdtempSync(join(tmpdir(), 'ab-'));
  const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'serve', '--json', '--home', home], { stdio: ['pipe', 'pipe', 'inherit'] });
  const info = JSON.parse(await new Promise((r) => createInterface({ input: child.stdout }).once('line', r)));
  const logs = new CloudWatchLogsClient({ endpoint: info.url, region: 'us-east-1', credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey }, maxAttempts: 1 });
  return { child, home, logs, root };
}
async function fill(logs) {
  const group = '/aws/lambda/bench-reports';
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  const start = Date.now() - 50 * 60_000;
  for (let s = 0; s < 10; s++) {
    const name = `2026/01/01/[$LATEST]${String(s).padStart(32, '0')}`;
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name }));
    for (let from = 0; from < 10000; from += 2000) {
      const logEvents = [];
      for (let i = from; i < from + 2000; i++) {
        const at = start + i * 20 + s; const id = `${String(s).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
        logEvents.push({ timestamp: at, message: `START RequestId: ${id} Version: $LATEST` });
        logEvents.push({ timestamp: at + 5, message: `END RequestId: ${id}` });
        logEvents.push({ timestamp: at + 5, message: `REPORT RequestId: ${id}\tDuration: ${(1 + (i % 97) / 7).toFixed(2)} ms\tBilled Duration: ${2 + (i % 14)} ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\t` });
      }
      await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: name, logEvents }));
    }
  }
}
const servers = [await serve('/tmp/wt-d-oldfull'), await serve('/work/wt-d')];
for (const s of servers) await fill(s.logs);
const res = servers.map(() => ({ wall: [], cpu: [] }));
for (let round = 0; round < 12; round++) {
  for (const [k, s] of servers.entries()) {
    const c0 = cpuMs(s.child.pid); const t0 = performance.now();
    const d = await fetchReportData(s.logs, 'bench-reports', { window: { startMs: Date.now() - 7200_000, endMs: Date.now() }, cap: 1_000_000 });
    if (d.events !== 100000) throw new Error(String(d.events));
    if (round < 2) continue;
    res[k].wall.push(performance.now() - t0); res[k].cpu.push(cpuMs(s.child.pid) - c0);
  }
}
const med = (v) => { const a = [...v].sort((x, y) => x - y); return a[a.length >> 1]; };
for (const [k, s] of servers.entries()) console.log(s.root, 'wall median', med(res[k].wall).toFixed(0), 'ms; serve CPU median', med(res[k].cpu), 'ms');
for (const s of servers) { s.logs.destroy(); s.child.kill(); rmSync(s.home, { recursive: true, force: true }); }
