import { readFile, stat } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';

// Its own module: lint's spec-governance rule reads certificates without loading the spec schema's validator.
/** The PEM public certificate at `rel` (relative to the spec file), parsed; what is wrong with it goes to report. */
export async function readCertificate(
  rel: string,
  specFile: string,
  report: (m: string) => void,
): Promise<{ pem: string; certificate: X509Certificate } | undefined> {
  const file = path.resolve(path.dirname(specFile), rel);
  let pem: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      report(`auth.certificate '${rel}' is not a file (looked at ${file}); point to the PEM public certificate.`);
      return undefined;
    }
    if (info.size > 65_536) {
      report(
        `auth.certificate '${rel}' is ${info.size} bytes, too large for a PEM certificate; point to the public certificate itself.`,
      );
      return undefined;
    }
    pem = await readFile(file, 'utf8');
  } catch {
    report(
      `auth.certificate '${rel}' was not found (looked for ${file}); put the PEM public certificate there or fix the path.`,
    );
    return undefined;
  }
  if (pem.includes('PRIVATE KEY-----')) {
    report(
      `auth.certificate '${rel}' holds a private key; never commit it. Point to the public certificate (BEGIN CERTIFICATE) instead.`,
    );
    return undefined;
  }
  const match = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!match) {
    report(`auth.certificate '${rel}' is not a PEM certificate (no BEGIN CERTIFICATE block).`);
    return undefined;
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(match[0]);
  } catch (e) {
    report(`auth.certificate '${rel}' cannot be read as an X.509 certificate: ${(e as Error).message}.`);
    return undefined;
  }
  return { pem: match[0].replace(/\r\n/g, '\n'), certificate };
}
