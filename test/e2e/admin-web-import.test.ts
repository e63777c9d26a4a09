import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { button, screenshot } from './browser.ts';
import { DELIVERY_WAIT_MS, SLOW_TEST_MS, useAdminCentre } from './admin-centre.ts';
import { scaledMs, waitFor } from '../support/wait-for.ts';

// 导入请求 in the browser (SPEC §10): the template downloaded, filled with 3 good and 2 bad rows,
// uploaded to S3, the 2 row errors on screen and in the report, confirmed, the 3 messages in the
// outbox and the import's outcome; confirming again sends nothing more.

const dir = mkdtempSync(join(tmpdir(), 'import-e2e-'));

const cellsOf = (row: ExcelJS.Row) => ((row.values as unknown[]) ?? []).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));

describe('admin centre in the browser: Excel import', () => {
  const centre = useAdminCentre();

  it('imports 3 valid rows and reports 2 bad ones; re-confirming sends nothing more', async () => {
    const { page, platform } = centre;
    const token = await centre.tokenOf('admin');
    const admin = async <T>(method: string, path: string) => {
      const response = await fetch(`${platform.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      return ((await response.json()) as { body: T }).body;
    };
    await centre.open('/manual/imports');

    const templateDownload = page.waitForEvent('download');
    await page.getByTestId('import-template').click();
    const templatePath = join(dir, 'template.xlsx');
    await (await templateDownload).saveAs(templatePath);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(templatePath);
    const sheet = workbook.worksheets[0]!;
    const header = cellsOf(sheet.getRow(1));
    expect(header).toContain('业务类型 (bizType)');
    expect(header).toContain('手机号码 (mobile)');

    const at = (key: string) => header.findIndex((h) => h.endsWith(`(${key})`)) + 1;
    const fill = (rowNo: number, values: Record<string, string>) => {
      const row = sheet.getRow(rowNo);
      for (let c = 1; c <= header.length; c++) row.getCell(c).value = null;
      for (const [key, value] of Object.entries(values)) row.getCell(at(key)).value = value;
      row.commit();
    };
    const good = (n: number, extra: Record<string, string> = {}) => ({
      institution: 'OUTPLATFORM', bizType: 'MARKET_ACTIVITY', bizId: `IMP-E2E-${n}`, useTmpl: 'N', msgTitle: `导入标题${n}`, msgContent: `导入内容${n}`, mobile: `1390000000${n}`, ...extra,
    });
    fill(2, good(1));
    fill(3, good(2, { msgContent: '=HYPERLINK("http://example.com")' }));
    fill(4, good(3));
    fill(5, good(4, { mobile: 'not-a-mobile' }));
    fill(6, good(5, { bizType: 'NO_SUCH_TYPE' }));
    const filled = join(dir, 'filled.xlsx');
    await workbook.xlsx.writeFile(filled);

    await page.locator('input[type=file]').setInputFiles(filled);
    const progress = page.getByTestId('import-progress');
    await progress.getByTestId('import-status').filter({ hasText: 'VALIDATED' }).waitFor({ timeout: scaledMs(60_000) });
    const errors = progress.getByTestId('import-errors');
    await errors.locator('.ant-table-row').nth(1).waitFor();
    expect(await errors.locator('.ant-table-row').count()).toBe(2);
    expect(await errors.textContent()).toContain('第 5 行 mobile 列');
    expect(await errors.textContent()).toContain('第 6 行 bizType 列');
    await screenshot(page, '07-import-validated');

    const reportDownload = page.waitForEvent('download');
    await page.getByTestId('import-report').click();
    const reportPath = join(dir, 'report.xlsx');
    await (await reportDownload).saveAs(reportPath);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(reportPath);
    const lines = report.worksheets[0]!.getSheetValues().slice(2).map((r) => ((r as unknown[]) ?? []).slice(1).map(String));
    expect(lines.map((l) => l[1])).toEqual(['VALID', 'VALID', 'VALID', 'INVALID', 'INVALID']);
    expect(lines[3]![2]).toContain('mobile');
    // What a spreadsheet would run as a formula is written as text.
    expect(lines[1]!.some((cell) => cell.startsWith(`'=HYPERLINK`))).toBe(true);

    await page.getByTestId('import-confirm').click();
    await button(page.locator('.ant-popconfirm'), '确定').click();
    await progress.getByTestId('import-status').filter({ hasText: 'PARTIAL' }).waitFor({ timeout: DELIVERY_WAIT_MS });
    await screenshot(page, '07-import-done');

    const batchNo = (await progress.locator('.ant-card-head-title').textContent())!.split(' · ')[0]!;
    const job = await admin<Record<string, unknown>>('GET', `/api/admin/imports/${batchNo}`);
    expect(job).toMatchObject({ status: 'PARTIAL', totalRows: 5, rowsValid: 3, rowsInvalid: 2, rowsAccepted: 3, rowsRefused: 2, rowsDelivered: 3 });
    const outboxed = async () => {
      let found = 0;
      for (const rowNo of [2, 3, 4, 5, 6]) found += (await admin<{ items: unknown[] }>('GET', `/api/admin/outbox?requestNo=${batchNo}-${rowNo}`)).items.length;
      return found;
    };
    expect(await outboxed()).toBe(3);

    const again = await admin<Record<string, unknown>>('POST', `/api/admin/imports/${batchNo}/confirm`);
    expect(again).toMatchObject({ status: 'PARTIAL', rowsAccepted: 3 });
    await new Promise((r) => setTimeout(r, scaledMs(3_000)));
    expect(await outboxed()).toBe(3);
    const audit = await waitFor(
      async () => {
        const entries = (await admin<{ items: { action: string; entityId: string }[] }>('GET', '/api/admin/records/audit?entity=import&limit=100')).items.filter((a) => a.entityId === batchNo);
        return entries.length >= 3 ? entries : undefined;
      },
      { what: 'import audited', idleMs: 10_000 },
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['confirm', 'import', 'validate']);
  }, SLOW_TEST_MS);
});
