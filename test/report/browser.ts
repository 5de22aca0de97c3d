/**
 * Headless Chromium for the report tests: finds the browser (Debian's `chromium`, installed by
 * .ci/run where it can be) and renders a page with a checker script that reports, into the
 * DOM, which charts drew marks with a visible size and whether any alert() ran.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function findChromium(): string | undefined {
  if (process.env.MESHSIM_CHROMIUM === 'none') return undefined;
  const candidates = [process.env.MESHSIM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

// Flags from the machine notes: no sandbox as root, no background networking (the network is closed).
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'];

const PROBE_HEAD = `<script>window.__alerts=[];window.alert=function(m){window.__alerts.push(String(m))};</script>`;
const PROBE_TAIL = `<script>(function(){
  var charts=[].slice.call(document.querySelectorAll('svg[data-chart]')).map(function(svg){
    var marks=[].slice.call(svg.querySelectorAll('.mark')).filter(function(m){var b=m.getBBox();return b.width>0||b.height>0;});
    var r=svg.getBoundingClientRect();
    return {id:svg.getAttribute('data-chart'),marks:marks.length,width:Math.round(r.width),height:Math.round(r.height)};
  });
  var pre=document.createElement('pre');pre.id='probe';
  pre.textContent=JSON.stringify({charts:charts,alerts:window.__alerts});
  document.body.appendChild(pre);
})();</script>`;

export interface Probe {
  charts: { id: string; marks: number; width: number; height: number }[];
  alerts: string[];
}

/** Renders `htmlFile` in headless Chromium with the probe (the page's CSP is lifted so the probe can run). */
export function probeInChromium(chromium: string, htmlFile: string): Probe {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-chromium-'));
  try {
    const html = readFileSync(htmlFile, 'utf8')
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
      .replace('<head>', `<head>${PROBE_HEAD}`)
      .replace('</body>', `${PROBE_TAIL}</body>`);
    const page = join(dir, 'page.html');
    writeFileSync(page, html);
    const r = spawnSync(chromium, [...CHROMIUM_FLAGS, `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom', `file://${page}`], { encoding: 'utf8', timeout: 20_000 });
    const m = /<pre id="probe">([\s\S]*?)<\/pre>/.exec(r.stdout ?? '');
    if (!m) throw new Error(`chromium printed no probe (status ${r.status}): ${(r.stderr ?? '').slice(-500)}`);
    return JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Probe;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Takes a screenshot of `htmlFile` (as it is: CSP and all). */
export function screenshot(chromium: string, htmlFile: string, png: string, size = '1280,2000'): void {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-chromium-'));
  try {
    const r = spawnSync(chromium, [...CHROMIUM_FLAGS, `--user-data-dir=${dir}`, `--screenshot=${png}`, `--window-size=${size}`, `file://${htmlFile}`], { encoding: 'utf8', timeout: 30_000 });
    if (!existsSync(png)) throw new Error(`no screenshot (status ${r.status}): ${(r.stderr ?? '').slice(-500)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
