/**
 * The report in a real browser: headless Chromium renders the page and a probe checks that every
 * chart drew visible marks and that no name from the scenario ran as script. Skipped, with a
 * visible message, where no Chromium is installed (.ci/run installs Debian's where it can).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAllResults } from '../../src/report/html/results.js';
import { writeReport } from '../../src/report/html/write-report.js';
import { findChromium, probeInChromium } from './browser.js';
import { hostileResults, resultsOf, tempDir } from './fixtures.js';

const chromium = findChromium();
if (!chromium) process.stderr.write('\n*** SKIPPED: the headless-Chromium report test (no chromium found; apt-get install chromium, or set MESHSIM_CHROMIUM=/path/to/chromium; MESHSIM_CHROMIUM=none skips it) ***\n\n');

describe.skipIf(!chromium)('report in headless Chromium', () => {
  it('every chart of a two-result report draws visible marks', () => {
    const out = resolve(join(tempDir(), 'report.html'));
    writeReport(readAllResults([resultsOf('scenarios/helloworld-failover.yaml'), resultsOf('scenarios/helloworld-distribute.yaml')]), out);
    const probe = probeInChromium(chromium!, out);
    expect(probe.charts.length).toBeGreaterThanOrEqual(19);
    for (const c of probe.charts) {
      expect(c.marks, `${c.id} drew nothing`).toBeGreaterThan(0);
      expect(c.width, c.id).toBeGreaterThan(200);
      expect(c.height, c.id).toBeGreaterThan(100);
    }
    expect(probe.alerts).toEqual([]);
  });

  it('names that are HTML (<script>alert(1)</script>, onerror=) show as text and never run', () => {
    const out = resolve(join(tempDir(), 'hostile.html'));
    writeReport(readAllResults([hostileResults()]), out);
    const probe = probeInChromium(chromium!, out);
    expect(probe.alerts).toEqual([]);
    expect(probe.charts.length).toBeGreaterThan(5);
    for (const c of probe.charts) expect(c.marks, c.id).toBeGreaterThan(0);
  });

  it('the probe is not vacuous: it sees a script that runs and a chart that drew nothing', () => {
    const page = resolve(join(tempDir(), 'bad.html'));
    writeFileSync(page, '<!DOCTYPE html><html><head></head><body><p><script>alert(1)</script></p><svg data-chart="empty" width="300" height="200"><rect class="mark" width="0" height="0"/></svg></body></html>');
    const probe = probeInChromium(chromium!, page);
    expect(probe.alerts).toEqual(['1']);
    expect(probe.charts).toEqual([{ id: 'empty', marks: 0, width: 300, height: 200 }]);
  });
});
