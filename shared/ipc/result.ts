export type IpcErrorCode = 'invalid-payload' | 'untrusted-sender' | 'unknown-channel' | 'not-allowed' | 'unavailable' | 'internal';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcError };

export const ok = <T>(data: T): IpcResult<T> => ({ ok: true, data });
export const err = (code: IpcErrorCode, message: string): IpcResult<never> => ({ ok: false, error: { code, message } });
