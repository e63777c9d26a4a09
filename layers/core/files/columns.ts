import type { FileJobKind, RowError } from '#contracts/file-jobs';

// The columns of an Excel import and of a recipient file: each named in Chinese and English. A
// header cell may give either name, or both as the template writes them ("业务类型 (bizType)").

export interface Column {
  key: string;
  zh: string;
  /** The header must have it. */
  required?: boolean;
  example: string;
}

const recipientColumns: Column[] = [
  { key: 'userId', zh: '用户ID', example: 'U0001' },
  { key: 'mobile', zh: '手机号码', example: '13361249238' },
  { key: 'email', zh: '邮箱地址', example: 'someone@example.com' },
  { key: 'custNo', zh: '客户号', example: 'C0001' },
  { key: 'custType', zh: '账户类型', example: 'PERSONAL' },
  { key: 'custName', zh: '客户姓名', example: '张三' },
  { key: 'certNo', zh: '证件号码', example: '' },
  { key: 'deviceNo', zh: '终端账户', example: '' },
  { key: 'custTag', zh: '用户标签', example: '' },
];

export const COLUMNS: Record<FileJobKind, Column[]> = {
  IMPORT: [
    { key: 'institution', zh: '系统标识', required: true, example: 'OUTPLATFORM' },
    { key: 'bizType', zh: '业务类型', required: true, example: 'MARKET_ACTIVITY' },
    { key: 'subBizType', zh: '细分业务类型', example: '' },
    { key: 'bizId', zh: '业务ID', required: true, example: 'BIZ0001' },
    { key: 'productCode', zh: '产品编号', example: '' },
    { key: 'channelNo', zh: '渠道号', example: '' },
    { key: 'sendType', zh: '发送方式', example: '' },
    { key: 'useTmpl', zh: '是否使用模板', required: true, example: 'N' },
    { key: 'msgTitle', zh: '消息标题', example: '活动通知' },
    { key: 'msgContent', zh: '消息内容', example: '您好，活动将于明天开始。' },
    { key: 'bizContent', zh: '业务数据体', example: '{}' },
    { key: 'enclosureInfo', zh: '附件信息', example: '' },
    ...recipientColumns,
  ],
  FILE: recipientColumns,
};

export const headerText = (column: Column) => `${column.zh} (${column.key})`;

const squash = (text: string) => text.replace(/[\s（）()]/gu, '').toLowerCase();

/** Which column a header cell names, if any. */
const columnOf = (columns: Column[], cell: string): Column | undefined => {
  const got = squash(cell);
  return columns.find((c) => got === squash(c.key) || got === squash(c.zh) || got === squash(`${c.zh}${c.key}`));
};

export type HeaderMap = { position: number; key: string }[];

/**
 * Maps the header row's cells to columns, or names what is wrong: an unknown, repeated or missing
 * column (row 1 is the header).
 */
export const readHeader = (kind: FileJobKind, cells: string[]): { map: HeaderMap } | { errors: RowError[] } => {
  const columns = COLUMNS[kind];
  const map: HeaderMap = [];
  const errors: RowError[] = [];
  cells.forEach((cell, position) => {
    if (!cell.trim()) return;
    const column = columnOf(columns, cell);
    if (!column) errors.push({ column: cell, message: `第 1 行: 未知的列 "${cell}" (unknown column)` });
    else if (map.some((m) => m.key === column.key)) errors.push({ column: column.key, message: `第 1 行: 列 ${column.key} 重复 (repeated column)` });
    else map.push({ position, key: column.key });
  });
  for (const column of columns.filter((c) => c.required)) {
    if (!map.some((m) => m.key === column.key)) errors.push({ column: column.key, message: `第 1 行: 缺少必填列 ${headerText(column)} (missing column)` });
  }
  if (kind === 'FILE' && !map.some((m) => ['mobile', 'email', 'deviceNo'].includes(m.key))) {
    errors.push({ column: 'mobile', message: '第 1 行: 至少需要 mobile、email 或 deviceNo 列之一 (a mobile, email or deviceNo column is required)' });
  }
  return errors.length > 0 ? { errors } : { map };
};
