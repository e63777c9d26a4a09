import * as z from 'zod';
import { code } from './config-common.ts';

// POST /api/admin/config/template/preview: a template's variables and its text rendered with sample
// values, for the admin centre's template page (saved template by id, or the text being edited).

export const templatePreviewBody = z
  .object({
    templateId: code(64).optional().describe('a saved template; or give title and content'),
    title: z.string().max(255).optional().describe('the title being edited (overrides the saved one)'),
    content: z.string().max(2000).optional().describe('the content being edited (overrides the saved one)'),
    values: z.record(z.string().max(100), z.string().max(500)).default({}).describe('sample values by variable name'),
  })
  .meta({ example: { content: '尊敬的${custName}，请于${dueDate}前还款。', values: { custName: '张三' } } });
export type TemplatePreviewBody = z.infer<typeof templatePreviewBody>;

export const templatePreview = z
  .object({
    variables: z.array(z.object({
      name: z.string(),
      source: z.enum(['recipient', 'bizContent']).describe('recipient: a userIds[] field (custName…), else bizContent must give it'),
    })).describe('every ${name} of title and content, in order of first use'),
    title: z.string().describe('rendered with the sample values; a variable without one stays ${name}'),
    content: z.string(),
    missing: z.array(z.string()).describe('variables the sample values leave without a value: sendMessage would refuse such a request (10001)'),
  })
  .meta({
    example: {
      variables: [{ name: 'custName', source: 'recipient' }, { name: 'dueDate', source: 'bizContent' }],
      title: '',
      content: '尊敬的张三，请于${dueDate}前还款。',
      missing: ['dueDate'],
    },
  });
export type TemplatePreview = z.infer<typeof templatePreview>;
