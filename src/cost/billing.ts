/**
 * Who pays for bytes on a path, per direction. One rule covers the three providers: the sender's
 * cloud bills its egress price for the path class, the receiver's cloud bills its ingress price;
 * the tables hold which side is non-zero:
 * - AWS: cross-AZ traffic is billed at both ends, "$0.01/GB in each direction" (Amazon EC2
 *   On-Demand Pricing – Data Transfer), i.e. $0.01 out + $0.01 in = $0.02 per GB moved;
 *   inter-region and internet traffic only at the source ("For DTO and DTIR, we charge for data
 *   transfer only based on the source Region", AWS Global Network FAQs).
 * - GCP: "Traffic in each direction is designated as egress at the source and ingress at the
 *   destination, and each direction is priced accordingly"; ingress is free (VPC pricing).
 * - Azure: egress at the source by bandwidth zone; inbound and cross-AZ traffic free (Bandwidth
 *   pricing; Microsoft Learn, "What are availability zones?").
 * - Across clouds, bytes leave the sender's cloud as internet egress (its `cross-cloud` price)
 *   and enter the receiver's for free (every provider's inbound is free).
 * - The internet never bills: users' uploads are ingress (free), responses to them egress.
 */
import type { Pricing } from './pricing.js';
import type { CostPathClass, Site } from './path-class.js';
import { priceOf, type PriceTable } from './price-table.js';

export function tableOf(pricing: Pricing, cloud: string): PriceTable {
  const t = pricing.tables.get(cloud);
  if (t === undefined) throw new Error(`meshsim: no price table for cloud "${cloud}" (pricing was not qualified for it)`);
  return t;
}

/**
 * USD per GB for bytes sent from `sender` to `receiver` on a path of class `cls` (the class of
 * the pair, see classifyPath). Exceptions by continent are the sender's continent.
 */
export function transferPricePerGb(pricing: Pricing, sender: Site, receiver: Site, cls: CostPathClass): number {
  const fromRegion = sender.kind === 'cloud' ? sender.region : '';
  const toRegion = receiver.kind === 'cloud' ? receiver.region : '';
  const fromContinent = sender.kind === 'cloud' ? sender.continent : undefined;
  let price = 0;
  if (sender.kind === 'cloud') price += priceOf(tableOf(pricing, sender.cloud).egress[cls], fromRegion, toRegion, fromContinent);
  if (receiver.kind === 'cloud') price += priceOf(tableOf(pricing, receiver.cloud).ingress[cls], fromRegion, toRegion, fromContinent);
  return price;
}
