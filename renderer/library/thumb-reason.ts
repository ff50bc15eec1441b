// The short reason a tile shows when its thumbnail cannot be made again; the full message is the tile's title.

/** The words after the file's path in a backend message ("Cannot: /x/a.png: the file is gone." -> "the file is gone"). */
export function shortReason(message: string, path: string): string {
  const at = message.indexOf(path);
  const rest = at >= 0 ? message.slice(at + path.length).replace(/^[:\s]+/, '') : message;
  const first = rest.split(/;|\(|\.(?=\s|$)/)[0].trim();
  return first.length > 48 ? `${first.slice(0, 47)}…` : first || 'thumbnail unavailable';
}
