/** How a text frame parses, as the history records it (`binary` frames are told apart before this). */
export function parseKind(text: string): 'json' | 'invalid_json' {
  try {
    JSON.parse(text);
    return 'json';
  } catch {
    return 'invalid_json';
  }
}
