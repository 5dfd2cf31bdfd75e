import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface SelfSignedCert {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
  remove(): Promise<void>;
}

/** Tests only: a throwaway P-256 certificate for 127.0.0.1 and localhost, made with the openssl command. */
export async function selfSignedCert(): Promise<SelfSignedCert> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sealroom-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', keyFile, '-out', certFile,
  ]);
  return { dir, certFile, keyFile, cert: await readFile(certFile), key: await readFile(keyFile), remove: () => rm(dir, { recursive: true, force: true }) };
}
