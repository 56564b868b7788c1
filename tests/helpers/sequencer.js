const { appendFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** The suites that share a worker's seeded regions (tests/helpers/sharedStack.ts). */
function sharing(test) {
  try {
    return readFileSync(test.path, 'utf8').includes('sharedStack(');
  } catch {
    return false;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Jest's order (failed first, then slowest first), except that the suites sharing a worker's seeded regions come
 * first, one after another: a worker's shared regions then serve its sharing suites back to back, and stop as soon
 * as every sharing suite of the run has started (the plan written here, read by tests/helpers/sharedStack.ts)
 * instead of idling (idle regions still poll each other) while the worker runs suites with stacks of their own.
 * JJJ_TEST_ORDER=reverse reverses the whole order (to check that no suite depends on it).
 */
class SharedRegionsFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const shared = sorted.filter(sharing);
    const ordered = [...shared, ...sorted.filter((test) => !sharing(test))];
    // This run's plan (keyed by this process: the workers' parent, or the process that runs the tests in band).
    for (const name of readdirSync(tmpdir())) {
      const match = /^jjj-shared-(?:plan|started)-(\d+)$/.exec(name);
      if (match && (Number(match[1]) === process.pid || !alive(Number(match[1])))) rmSync(join(tmpdir(), name), { force: true });
    }
    writeFileSync(join(tmpdir(), `jjj-shared-plan-${process.pid}`), shared.map((test) => `${test.path}\n`).join(''));
    appendFileSync(join(tmpdir(), `jjj-shared-started-${process.pid}`), '');
    return process.env.JJJ_TEST_ORDER === 'reverse' ? ordered.reverse() : ordered;
  }
}

module.exports = SharedRegionsFirst;
