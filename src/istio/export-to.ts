/**
 * `exportTo`: which namespaces see a resource. Empty means the mesh default (`*`, every namespace,
 * MeshConfig defaultDestinationRuleExportTo / defaultVirtualServiceExportTo unset); `.` is the
 * resource's own namespace; `~` (ServiceEntry only) is nobody.
 */
import type { FieldPath } from '../model/diagnostics.js';
import { isValidExportTo } from './names.js';
import type { Reporter } from './report.js';

/** validation.go validateExportTo. */
export function validateExportTo(
  exportTo: readonly string[] | undefined,
  namespace: string,
  path: FieldPath,
  report: Reporter,
  opts: { serviceEntry?: boolean; workloadSelector?: boolean } = {},
): void {
  if (exportTo === undefined || exportTo.length === 0) return;
  const set = new Set<string>();
  exportTo.forEach((e, i) => {
    const key = e === '.' ? namespace : e;
    // validateExportTo: duplicates (`.` counts as the own namespace)
    if (set.has(key)) {
      report.error([...path, i], key !== e ? `duplicate entries in exportTo: . and current namespace ${namespace}` : `duplicate entries in exportTo for entry ${e}`);
    } else if (!isValidExportTo(key, opts.serviceEntry ?? false)) {
      // visibility.Instance.Validate
      report.error([...path, i], `only . or * or a valid DNS 1123 label is allowed as exportTo entry, got "${e}"`);
    } else {
      set.add(key);
    }
  });
  // validateExportTo: a DestinationRule with workloadSelector stays in its namespace
  if (opts.workloadSelector && set.size > 0) {
    if (!set.has(namespace)) report.error(path, 'destination rule with workload selector cannot have exportTo beyond current namespace');
    else if (set.size > 1) report.error(path, 'destination rule with workload selector cannot have multiple entries in exportTo');
  }
  // validateExportTo: `*` excludes other entries; `~` excludes others
  if (set.has('*') && exportTo.length > 1) report.error(path, 'cannot have both public (*) and non-public exportTo values for a resource');
  if (set.has('~') && exportTo.length > 1) report.error(path, 'cannot export service entry to no one (~) and someone');
}

/** Is a resource of `ownNamespace` with `exportTo` visible from `callerNamespace`? */
export function isVisible(exportTo: readonly string[], ownNamespace: string, callerNamespace: string): boolean {
  if (exportTo.length === 0 || exportTo.includes('*')) return true;
  if (exportTo.includes('~')) return false;
  return exportTo.some((e) => (e === '.' ? ownNamespace : e) === callerNamespace);
}

/**
 * push_context.go setDestinationRules `isPrivateOnly`: exported to nobody but its own namespace
 * (`.` or the own namespace as the single entry). Empty uses the public mesh default.
 */
export function isPrivateOnly(exportTo: readonly string[], ownNamespace: string): boolean {
  return exportTo.length === 1 && (exportTo[0] === '.' || exportTo[0] === ownNamespace);
}
