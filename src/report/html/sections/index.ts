/**
 * The report's sections, in order. A new kind of result (gateways, federation, a comparison of
 * designs, fault impact over time) adds its own builder file and one line here; a builder
 * returns undefined when the results lack its data, so the report never breaks on old results.
 */
import type { SectionBuilder } from '../model.js';
import { breakdownSection } from './breakdown.js';
import { bytesSection } from './bytes.js';
import { endpointsSection } from './endpoints.js';
import { faultsSection } from './faults.js';
import { latencySection } from './latency.js';
import { overviewSection } from './overview.js';
import { timelineSection } from './timeline.js';
import { trafficSection } from './traffic.js';
import { warningsSection } from './warnings.js';

export const SECTIONS: SectionBuilder[] = [
  overviewSection,
  latencySection,
  breakdownSection,
  trafficSection,
  timelineSection,
  faultsSection,
  bytesSection,
  endpointsSection,
  warningsSection,
];
