#!/usr/bin/env node
// Rewrites the config reference in README.md from the schema (`lz schema --reference`). Needs dist/.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { configReference } = require('../dist/src/config/reference.js');

const file = join(__dirname, '..', 'README.md');
const text = readFileSync(file, 'utf8');
const start = '<!-- config-reference:start -->';
const end = '<!-- config-reference:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md has no config-reference markers');
writeFileSync(file, `${text.slice(0, a + start.length)}\n${configReference()}${text.slice(b)}`);
