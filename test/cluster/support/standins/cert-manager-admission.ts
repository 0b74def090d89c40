/**
 * What cert-manager's webhook answers, reduced to what devnet's API check (a copy of
 * `cmctl check api`) relies on: /mutate stamps the requester's identity on a new
 * CertificateRequest, /validate refuses one whose `spec.request` is not a PEM certificate request.
 * Messages follow cert-manager's (internal/apis/certmanager/validation/certificaterequest.go).
 */
import { allow, deny, type AdmissionRequest, type JsonPatchOperation, type Verdict } from './admission.js';

interface CertificateRequestObject {
  spec?: { request?: string; username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
}

const isCertificateRequest = (request: AdmissionRequest) =>
  request.resource.group === 'cert-manager.io' && request.resource.resource === 'certificaterequests' && (request.subResource ?? '') === '';

/** cert-manager sets spec.username, uid, groups and extra from the request's userInfo, replacing what the client sent. */
export function mutateCertManagerObject(request: AdmissionRequest): Verdict {
  if (!isCertificateRequest(request) || request.operation !== 'CREATE') return allow();
  const object = (request.object ?? {}) as CertificateRequestObject;
  const patch: JsonPatchOperation[] = object.spec === undefined ? [{ op: 'add', path: '/spec', value: {} }] : [];
  const { username, uid, groups, extra } = request.userInfo;
  const identity: Record<'username' | 'uid' | 'groups' | 'extra', unknown> = { username, uid, groups, extra };
  for (const [field, value] of Object.entries(identity)) {
    // Go's omitempty: an empty value is no field at all.
    const empty = value === undefined || value === '' || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (!empty) patch.push({ op: 'add', path: `/spec/${field}`, value });
    else if (object.spec !== undefined && field in object.spec) patch.push({ op: 'remove', path: `/spec/${field}` });
  }
  return allow(patch);
}

export function validateCertManagerObject(request: AdmissionRequest): Verdict {
  if (!isCertificateRequest(request) || request.operation !== 'CREATE') return allow();
  const encoded = ((request.object ?? {}) as CertificateRequestObject).spec?.request;
  if (encoded === undefined || encoded === '') return forbidden('spec.request: Required value: must be specified');
  const bytes = Buffer.from(encoded, 'base64');
  if (isPemCertificateRequest(bytes.toString('latin1'))) return allow();
  return forbidden(`spec.request: Invalid value: ${goBytes(bytes)}: failed to decode csr: error decoding certificate request PEM block`);
}

const forbidden = (message: string) => deny({ code: 403, reason: 'Forbidden', message });

const PEM_CSR = /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END (?:NEW )?CERTIFICATE REQUEST-----/;

/** A PEM block of type CERTIFICATE REQUEST whose body is DER (an ASN.1 SEQUENCE). */
export function isPemCertificateRequest(text: string): boolean {
  const body = PEM_CSR.exec(text)?.[1];
  if (body === undefined) return false;
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  return der.length > 2 && der[0] === 0x30;
}

/** How Go's %#v prints a []byte, which is how field.Invalid shows the value. */
function goBytes(bytes: Buffer): string {
  return `[]byte{${[...bytes].map((b) => `0x${b.toString(16)}`).join(', ')}}`;
}
