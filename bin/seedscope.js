#!/usr/bin/env node
'use strict';
// The CLI is compiled TypeScript; `npm install` builds it (the `prepare` script).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'electron', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'seedscope: the build is missing (' + entry + '). Run `npm install` (or `npm run build`) in the repo first.\n',
  );
  process.exit(2);
}
require(entry)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write('seedscope: ' + ((err && err.stack) || err) + '\n');
      process.exitCode = 2;
    },
  );
