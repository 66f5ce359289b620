/**
 * How long each stack's apply takes in the 300-stack deploy test and the benchmark's deploy case,
 * shaped like a landing zone's: the organization and network applies are long (accounts, transit
 * gateway), security and identity middling, each account's baseline and product stack short but
 * many. The stand-in terraform sleeps this long in each apply (STAND_IN_SLEEP); plans take no
 * time of their own. Plain JavaScript: the benchmark reads it too.
 */
'use strict';

/** Milliseconds per stack; a trailing * matches a prefix. */
const APPLY_MS = {
  bootstrap: 1000,
  organization: 4000,
  security: 2000,
  network: 3000,
  identity: 2000,
  'baseline-*': 2000,
  'product-*': 2500,
};

/** The apply time of a stack, as the stand-in reads STAND_IN_SLEEP. */
function applyMs(stack) {
  for (const [pattern, ms] of Object.entries(APPLY_MS)) {
    if (pattern === stack || (pattern.endsWith('*') && stack.startsWith(pattern.slice(0, -1)))) return ms;
  }
  return 0;
}

/** STAND_IN_SLEEP for these durations. */
const STAND_IN_SLEEP = Object.entries(APPLY_MS)
  .map(([pattern, ms]) => `${pattern}=${ms}`)
  .join(',');

module.exports = { APPLY_MS, applyMs, STAND_IN_SLEEP };
