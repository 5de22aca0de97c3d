/**
 * zod building blocks for Istio's CRD schemas (manifests/charts/base/files/crd-all.gen.yaml):
 * protobuf scalar ranges, Go durations, `oneof` groups. Objects are strict, as the CRDs are
 * (`preserveUnknownFields: false`): a field Istio does not define is an error, as kubectl's
 * server-side field validation reports it.
 */
import { z } from 'zod';
import { GO_DURATION_PATTERN } from './duration.js';

/** Protobuf int32 (CRD `format: int32`). */
export const Int32 = z.int().min(-2147483648).max(2147483647);
/** Protobuf uint32 (CRD `minimum: 0, maximum: 4294967295`). */
export const UInt32 = z.int().min(0).max(4294967295);
/** google.protobuf.UInt32Value (CRD `nullable: true`): null reads as unset. */
export const UInt32Value = UInt32.nullable();
/** google.protobuf.BoolValue. */
export const BoolValue = z.boolean().nullable();
/** google.protobuf.DoubleValue. */
export const DoubleValue = z.number().nullable();
/** google.protobuf.Duration as a Go duration string; range rules are checked by the validators. */
export const Duration = z
  .string()
  .regex(GO_DURATION_PATTERN, { error: 'expected a duration with a unit, such as 10ms, 1s, 5m or 1h30m' });
/** Kubernetes labels / string maps. */
export const StringMap = z.record(z.string(), z.string());
/** networking.Percent. */
export const Percent = z.strictObject({ value: z.number() });
/** networking.PortSelector (the CRD keeps only `number`). */
export const PortSelector = z.strictObject({ number: UInt32.optional() });

/** A CRD `oneOf` of optional fields: at most one of `keys` may be set. */
export function atMostOne(keys: readonly string[]) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const set = keys.filter((k) => value[k] !== undefined && value[k] !== null);
    if (set.length > 1) {
      ctx.addIssue({ code: 'custom', path: [set[1]], message: `only one of ${keys.join(', ')} can be set (found ${set.join(' and ')})` });
    }
  };
}

/** networking.StringMatch: one of exact, prefix, regex. */
export const StringMatch = z
  .strictObject({ exact: z.string().optional(), prefix: z.string().optional(), regex: z.string().optional() })
  .superRefine(atMostOne(['exact', 'prefix', 'regex']));

/** networking.Destination. */
export const Destination = z.strictObject({
  host: z.string(),
  subset: z.string().optional(),
  port: PortSelector.optional(),
});

/** type.v1beta1.WorkloadSelector (DestinationRule) and networking.WorkloadSelector (ServiceEntry). */
export const MatchLabelsSelector = z.strictObject({ matchLabels: StringMap.optional() });
export const LabelsSelector = z.strictObject({ labels: StringMap.optional() });
