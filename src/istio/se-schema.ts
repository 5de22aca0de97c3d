/**
 * ServiceEntry spec as Istio's CRD defines it (networking/v1alpha3/service_entry.proto,
 * crd-all.gen.yaml `serviceentries.networking.istio.io`), including the CRD's CEL rules
 * (x-kubernetes-validations) that are checked by the API server before Istio's webhook.
 */
import { z } from 'zod';
import { isIpOrCidr } from './names.js';
import { LabelsSelector, StringMap, UInt32 } from './schema-common.js';

const Port1To65535 = UInt32.refine((n) => n > 0 && n <= 65535, { error: 'port must be between 1-65535' });

export const ServiceEntrySpecSchema = z
  .strictObject({
    hosts: z
      .array(z.string().refine((h) => h !== '*', { error: 'hostname cannot be wildcard' }))
      .min(1)
      .max(256),
    addresses: z.array(z.string().max(64)).max(256).optional(),
    ports: z
      .array(
        z.strictObject({
          number: Port1To65535,
          protocol: z.string().max(256).optional(),
          name: z.string().max(256),
          targetPort: Port1To65535.optional(),
        }),
      )
      .max(256)
      .optional(),
    location: z.enum(['MESH_EXTERNAL', 'MESH_INTERNAL']).optional(),
    resolution: z.enum(['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN']).optional(),
    endpoints: z
      .array(
        z.strictObject({
          address: z.string().max(256).optional(),
          ports: z.record(z.string(), Port1To65535).optional(),
          labels: StringMap.optional(),
          network: z.string().max(2048).optional(),
          locality: z.string().max(2048).optional(),
          weight: UInt32.optional(),
          serviceAccount: z.string().max(253).optional(),
        }),
      )
      .max(4096)
      .optional(),
    workloadSelector: LabelsSelector.optional(),
    exportTo: z.array(z.string()).optional(),
    subjectAltNames: z.array(z.string()).optional(),
  })
  .superRefine((se, ctx) => {
    const resolution = se.resolution ?? 'NONE';
    // CRD CEL: "only one of WorkloadSelector or Endpoints can be set"
    if (se.workloadSelector !== undefined && se.endpoints !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'only one of WorkloadSelector or Endpoints can be set' });
    }
    // CRD CEL: "CIDR addresses are allowed only for NONE/STATIC resolution types"
    if ((se.addresses ?? []).some((a) => a.includes('/')) && resolution !== 'NONE' && resolution !== 'STATIC') {
      ctx.addIssue({ code: 'custom', path: ['addresses'], message: 'CIDR addresses are allowed only for NONE/STATIC resolution types' });
    }
    // CRD CEL: "NONE mode cannot set endpoints"
    if (resolution === 'NONE' && se.endpoints !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'NONE mode cannot set endpoints' });
    }
    // CRD CEL: "DNS_ROUND_ROBIN mode cannot have multiple endpoints"
    if (resolution === 'DNS_ROUND_ROBIN' && (se.endpoints ?? []).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'DNS_ROUND_ROBIN mode cannot have multiple endpoints' });
    }
    // CRD CEL: "port number cannot be duplicated"
    const seen = new Set<number>();
    (se.ports ?? []).forEach((p, i) => {
      if (seen.has(p.number)) ctx.addIssue({ code: 'custom', path: ['ports', i, 'number'], message: 'port number cannot be duplicated' });
      seen.add(p.number);
    });
    // validation.go ValidateServiceEntry: agent.ValidateIPSubnet on every address
    (se.addresses ?? []).forEach((a, i) => {
      if (!isIpOrCidr(a)) ctx.addIssue({ code: 'custom', path: ['addresses', i], message: `${a} is not a valid IP or CIDR block` });
    });
  });

export type ServiceEntrySpec = z.output<typeof ServiceEntrySpecSchema>;
