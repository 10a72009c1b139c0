/** What the CSV exports (leads, transactions) share: the size said while it downloads, and the save. */

/** `12345` bytes -> `12.3 kB` in `locale`. */
export const formatSize = (bytes: number, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(bytes / 1000);

/** Hands `blob` to the browser's downloads as `name`, through a temporary link placed in `root`. */
export function saveFile(root: ParentNode, blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  root.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
