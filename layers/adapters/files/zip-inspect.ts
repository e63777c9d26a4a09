// What an .xlsx is before anyone unzips it: a zip whose central directory (at its end) lists every
// entry with its sizes. Read from the tail by a range request, it tells a zip bomb, macros and an
// encrypted workbook (an OLE container, not a zip) apart from a workbook, without inflating a byte.

export interface ZipEntry {
  name: string;
  compressed: number;
  uncompressed: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export const isOleContainer = (head: Buffer) => head.subarray(0, 8).equals(OLE);
export const isZip = (head: Buffer) => head.readUInt32LE(0) === 0x04034b50;

/** Where the central directory is, from the end-of-central-directory record in the file's tail. */
export const findDirectory = (tail: Buffer): { offset: number; size: number; entries: number } | undefined => {
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== EOCD) continue;
    return { entries: tail.readUInt16LE(at + 10), size: tail.readUInt32LE(at + 12), offset: tail.readUInt32LE(at + 16) };
  }
  return undefined;
};

export const readDirectory = (directory: Buffer): ZipEntry[] => {
  const entries: ZipEntry[] = [];
  for (let at = 0; at + 46 <= directory.length && directory.readUInt32LE(at) === CENTRAL; ) {
    const nameLength = directory.readUInt16LE(at + 28);
    const extra = directory.readUInt16LE(at + 30);
    const comment = directory.readUInt16LE(at + 32);
    entries.push({
      compressed: directory.readUInt32LE(at + 20),
      uncompressed: directory.readUInt32LE(at + 24),
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
};

/** Why this workbook is refused, if it is. */
export const workbookProblem = (entries: ZipEntry[], maxUnzippedBytes: number): string | undefined => {
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) return '不是有效的 .xlsx 工作簿 (not an .xlsx workbook)';
  if (entries.some((e) => /vbaProject\.bin$/i.test(e.name) || /\.bin$/i.test(e.name) && e.name.startsWith('xl/activeX')))
    return '工作簿含有宏，不予处理 (workbooks with macros are refused)';
  const total = entries.reduce((sum, e) => sum + e.uncompressed, 0);
  // 0xFFFFFFFF marks a zip64 size: larger than anything we accept.
  if (entries.some((e) => e.uncompressed === 0xffffffff) || total > maxUnzippedBytes) {
    return `解压后大小超过上限 ${maxUnzippedBytes} 字节，疑似压缩炸弹 (unzips to more than ${maxUnzippedBytes} bytes: refused as a zip bomb)`;
  }
  const worst = entries.reduce((max, e) => Math.max(max, e.compressed > 0 ? e.uncompressed / e.compressed : 0), 0);
  if (worst > 1_000 && total > 10 * 1024 * 1024) return `压缩比 ${Math.round(worst)}:1 异常，疑似压缩炸弹 (compression ratio ${Math.round(worst)}:1: refused as a zip bomb)`;
  return undefined;
};
