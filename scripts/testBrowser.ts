import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../platform/childProcess';
import { chromiumPath } from '../tests/helpers/chromium';

/**
 * The browser suites (jest project `browser`), run after the rest. Without Chromium they fail under CI and are
 * skipped elsewhere with one line saying how to install it.
 */
const browser = chromiumPath();
if (!browser) {
  const how = 'apt-get install -y chromium fonts-noto-cjk';
  if (process.env.CI) {
    process.stderr.write(`browser tests: no Chromium found (CHROMIUM_PATH or /usr/bin/chromium); install it with: ${how}\n`);
    process.exit(1);
  }
  process.stdout.write(`browser tests skipped: no Chromium here (install it with: ${how})\n`);
  process.exit(0);
}
const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--selectProjects', 'browser', '--runInBand', ...process.argv.slice(2)], { cwd: REPO_ROOT, stdio: 'inherit' });
process.exit(result.status ?? 1);
