/**
 * The cluster prerequisites devnet installs, pinned in one place with the sha256 of each manifest.
 * cert-manager is pinned to v1.20.2, the release scylla-operator v1.21.1 is tested against.
 */

export interface Prerequisite {
  name: 'cert-manager' | 'scylla-operator';
  version: string;
  url: string;
  sha256: string;
  /** Where the manifest sits in an offline directory (--manifests-dir), first match wins. */
  offlinePaths: string[];
  namespace: string;
  deployments: string[];
  /** CRDs that must be Established before anything that uses them is applied. */
  crds: string[];
  webhooks: { kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration'; name: string }[];
}

export const CERT_MANAGER: Prerequisite = {
  name: 'cert-manager',
  version: 'v1.20.2',
  url: 'https://github.com/cert-manager/cert-manager/releases/download/v1.20.2/cert-manager.yaml',
  sha256: '1ce11cae912adecc69e6bb623435fafc9ed21505f9efff98bd71d7b80f01db1f',
  offlinePaths: ['cert-manager-v1.20.2/cert-manager.yaml', 'manifests/cert-manager-v1.20.2/cert-manager.yaml', 'cert-manager.yaml'],
  namespace: 'cert-manager',
  deployments: ['cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook'],
  crds: ['certificates.cert-manager.io', 'issuers.cert-manager.io', 'certificaterequests.cert-manager.io'],
  webhooks: [
    { kind: 'MutatingWebhookConfiguration', name: 'cert-manager-webhook' },
    { kind: 'ValidatingWebhookConfiguration', name: 'cert-manager-webhook' },
  ],
};

export const SCYLLA_OPERATOR: Prerequisite = {
  name: 'scylla-operator',
  version: 'v1.21.1',
  url: 'https://raw.githubusercontent.com/scylladb/scylla-operator/v1.21.1/deploy/operator.yaml',
  sha256: '57226c3d6ef09a9d53d550cd204edcbcdf4977f0e549994f2371747d1d2e5e3f',
  offlinePaths: ['scylla-operator-v1.21.1/operator.yaml', 'manifests/scylla-operator-v1.21.1/operator.yaml', 'operator.yaml'],
  namespace: 'scylla-operator',
  deployments: ['scylla-operator', 'webhook-server'],
  crds: ['scyllaclusters.scylla.scylladb.com', 'nodeconfigs.scylla.scylladb.com', 'scyllaoperatorconfigs.scylla.scylladb.com'],
  webhooks: [{ kind: 'ValidatingWebhookConfiguration', name: 'scylla-operator' }],
};

/** In install order: scylla-operator's manifest contains cert-manager Issuers and Certificates. */
export const PREREQUISITES: readonly Prerequisite[] = [CERT_MANAGER, SCYLLA_OPERATOR];

/** The pinned prerequisites a devnet needs (its topology names them), in install order. */
export function prerequisitesNamed(names: readonly Prerequisite['name'][]): Prerequisite[] {
  return PREREQUISITES.filter((p) => names.includes(p.name));
}

/** A CSR for the API check (public data; its key was thrown away). */
export const CHECK_CSR = `-----BEGIN CERTIFICATE REQUEST-----
MIHVMH0CAQAwGzEZMBcGA1UEAwwQZGV2bmV0LWFwaS1jaGVjazBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABI++M9fEsyR65QODPCRwxIoEzGKgHgRmuGzZmp3tlV+X
GqTcMTv3FUt3JP2U9UldAlkILYtqPE16ITlBbUmZuwCgADAKBggqhkjOPQQDAgNI
ADBFAiEAt4MGR8woJUTXR2dldOd+fLgCMgsPOsBKKiNfuGalhGUCIAED+iHwrNCn
/WMD4XOvgAZ/iOoMDi5qPuOfGt27EtRx
-----END CERTIFICATE REQUEST-----
`;
