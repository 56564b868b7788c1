/** No code written twice: jscpd (its settings and threshold are the "jscpd" block of package.json) finds no copy over 10 lines. */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../platform/childProcess';

test('jscpd finds no copy of 11 lines or more in gateway/, services/regional/entities/, scripts/, tests/helpers/ and bench/', () => {
  const result = spawnSync(process.execPath, [require.resolve('jscpd/run-jscpd.js'), '--reporters', 'console', '--no-colors'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  const report = `${result.stdout}\n${result.stderr}`;
  expect(report).toContain('Found 0 clones');
  expect(result.status).toBe(0);
});
