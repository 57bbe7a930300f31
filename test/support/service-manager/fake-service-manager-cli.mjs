#!/usr/bin/env node
// A service manager a test provides as a command (`rport-tray watch-service --status-command ...
// --restart-command ...`): `node fake-service-manager-cli.mjs DIR status|restart`. DIR/service.json holds
// what the test wants: {"running": true, "failRestart": false, "freshStateFile": "/path/state.json"}.
// `status` prints `active`/`inactive` and exits 0/3 (the LSB convention); `restart` appends the time
// (epoch ms) to DIR/restarts.log, marks the service running and, with freshStateFile, writes a fresh
// state.json like a client that just started.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [dir, verb] = process.argv.slice(2);
if (!dir || (verb !== 'status' && verb !== 'restart')) {
  process.stderr.write('usage: fake-service-manager-cli.mjs DIR status|restart\n');
  process.exit(2);
}
const file = path.join(dir, 'service.json');
let service = { running: true, failRestart: false, freshStateFile: null };
try {
  service = { ...service, ...JSON.parse(readFileSync(file, 'utf8')) };
} catch {
  // No file: a running service.
}
if (verb === 'status') {
  process.stdout.write(service.running ? 'active\n' : 'inactive\n');
  process.exit(service.running ? 0 : 3);
}
appendFileSync(path.join(dir, 'restarts.log'), `${Date.now()}\n`);
if (service.failRestart) {
  process.stderr.write('Access denied\n');
  process.exit(1);
}
writeFileSync(file, JSON.stringify({ ...service, running: true }));
if (service.freshStateFile) {
  const now = Date.now();
  const text =
    '{\n' +
    `  "last_update": "${new Date(now).toISOString()}",\n` +
    `  "last_update_ts": ${Math.floor(now / 1000)},\n` +
    '  "last_state": "initialized",\n' +
    '  "last_message": ""\n' +
    '}';
  writeFileSync(service.freshStateFile, text);
}
