/**
 * Escaping for every text that comes from a scenario or a results file (names of scenarios,
 * services, zones, clusters, ...): HTML/SVG text and attributes, and Markdown table cells.
 * A name such as `<script>alert(1)</script>` must show as text and never run.
 */
import { escapeControl } from '../../model/escape.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML or SVG (element content and quoted attribute values). */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * Escapes text for a Markdown table cell or paragraph (no HTML, links, emphasis or cell breaks);
 * a line break is a space, other control characters are shown as the terminal shows them
 * (`\x1b`, model/escape.ts) and never written raw.
 */
export function escMd(text: string | number): string {
  return escapeControl(String(text).replace(/\r?\n/g, ' '))
    .replace(/[\\`*_[\]|#~]/g, (c) => `\\${c}`)
    .replace(/[&<>"']/g, (c) => HTML[c]);
}
