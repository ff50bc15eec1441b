#!/usr/bin/env node
'use strict';
// `npm run electronegativity`: Doyensec's Electronegativity over the desktop code (electron/app), offline. Every
// finding must be triaged in docs/electronegativity-triage.json (check, file, the reason it is accepted); an
// untriaged finding fails the run, a triage entry that no longer matches anything is reported so it can go.
// Findings are matched by check and file, not line: lines move with every edit, the reason does not.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.join(__dirname, '..');
const scanned = path.join(repoRoot, 'electron', 'app');
const triageFile = path.join(repoRoot, 'docs', 'electronegativity-triage.json');
const cli = path.join(path.dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
const electronVersion = require('electron/package.json').version;

function scan() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
  const out = path.join(dir, 'findings.sarif');
  try {
    // -e: the version we ship (the tool would otherwise try to fetch release data it cannot reach offline).
    const run = spawnSync(
      process.execPath,
      [cli, '-i', scanned, '-r', '-v', 'false', '-e', electronVersion, '-o', out],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (!fs.existsSync(out)) {
      process.stderr.write(
        `electronegativity did not write its report (exit ${run.status}):\n${run.stdout}\n${run.stderr}\n`,
      );
      process.exit(2);
    }
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
    return sarif.runs
      .flatMap((r) => r.results)
      .map((r) => ({
        check: r.ruleId,
        file: r.locations[0].physicalLocation.artifactLocation.uri,
        line: r.locations[0].physicalLocation.region.startLine,
        message: r.message.text,
      }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const triage = JSON.parse(fs.readFileSync(triageFile, 'utf8')).accepted;
const findings = scan();
const matches = (entry, finding) => entry.check === finding.check && entry.file === finding.file;
const untriaged = findings.filter((f) => !triage.some((entry) => matches(entry, f)));
const stale = triage.filter((entry) => !findings.some((f) => matches(entry, f)));
for (const entry of triage.filter((e) => !e.reason || e.reason.trim().length < 20)) {
  untriaged.push({ check: entry.check, file: entry.file, line: '-', message: 'triage entry without a real reason' });
}
process.stdout.write(
  `electronegativity ${electronVersion}: ${findings.length} finding(s) in electron/app, ${findings.length - untriaged.length} triaged\n`,
);
for (const entry of stale)
  process.stdout.write(`  no longer found (remove from the triage file): ${entry.check} in ${entry.file}\n`);
if (untriaged.length > 0) {
  for (const f of untriaged) process.stderr.write(`  UNTRIAGED ${f.check} ${f.file}:${f.line}: ${f.message}\n`);
  process.stderr.write(`Fix each, or accept it in ${path.relative(repoRoot, triageFile)} with the reason.\n`);
  process.exit(1);
}
