/**
 * admission.k8s.io/v1 AdmissionReview, the part the stand-ins read and write. A handler returns
 * a Verdict; the webhook server wraps it into the response the API server expects.
 */

export interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  userInfo: UserInfo;
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
}

export interface AdmissionReview {
  apiVersion: string;
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
}

/** metav1.Status as a webhook returns it; the API server prefixes the message with the webhook's name. */
export interface DenialStatus {
  code: number;
  reason: string;
  message: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason: string; message: string; field: string }[] };
}

export interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

export type Verdict = { allowed: true; patch?: JsonPatchOperation[] } | { allowed: false; status: DenialStatus };

export const allow = (patch?: JsonPatchOperation[]): Verdict => (patch === undefined || patch.length === 0 ? { allowed: true } : { allowed: true, patch });

export const deny = (status: DenialStatus): Verdict => ({ allowed: false, status });

export function reviewResponse(request: AdmissionRequest, verdict: Verdict): object {
  const response: Record<string, unknown> = { uid: request.uid, allowed: verdict.allowed };
  if (!verdict.allowed) response.status = { status: 'Failure', ...verdict.status };
  else if (verdict.patch !== undefined) {
    response.patchType = 'JSONPatch';
    response.patch = Buffer.from(JSON.stringify(verdict.patch)).toString('base64');
  }
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

/** A JSON Pointer segment (RFC 6901). */
export const pointer = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1');
