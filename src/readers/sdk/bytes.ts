// Byte helpers without Buffer, so that the SDK runs in a browser too.
/** Base64 (standard alphabet) to bytes. */
export function base64Bytes(text: string): Uint8Array {
  const binary = globalThis.atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
