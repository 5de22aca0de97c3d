/**
 * Escaping for every text that comes from a scenario or a results file (names of scenarios,
 * services, zones, clusters, ...): HTML/SVG text and attributes, and Markdown table cells.
 * A name such as `<script>alert(1)</script>` must show as text and never run.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML or SVG (element content and quoted attribute values). */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML[c]);
}

/** Escapes text for a Markdown table cell or paragraph (no HTML, links, emphasis or cell breaks). */
export function escMd(text: string | number): string {
  return String(text)
    .replace(/[\\`*_[\]|#~]/g, (c) => `\\${c}`)
    .replace(/[&<>"']/g, (c) => HTML[c])
    .replace(/\r?\n/g, ' ');
}
