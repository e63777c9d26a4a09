import * as z from 'zod/mini';
import { code } from './config-common.ts';
import { described, lazily } from './primitives.ts';

// POST /api/admin/config/template/preview: a template's variables and its text rendered with sample
// values, for the admin centre's template page (saved template by id, or the text being edited).

export const templatePreviewBody = z
  .object({
    templateId: described(z.optional(code(64)), { description: 'a saved template; or give title and content' }),
    title: described(z.optional(z.string().check(z.maxLength(255))), { description: 'the title being edited (overrides the saved one)' }),
    content: described(z.optional(z.string().check(z.maxLength(2000))), { description: 'the content being edited (overrides the saved one)' }),
    values: described(z._default(z.record(z.string().check(z.maxLength(100)), z.string().check(z.maxLength(500))), {}), { description: 'sample values by variable name' }),
  }).check(z.meta({ example: { content: '尊敬的${custName}，请于${dueDate}前还款。', values: { custName: '张三' } } }));
export type TemplatePreviewBody = z.infer<typeof templatePreviewBody>;

/** The answer, described for the OpenAPI document (built with it; the function answers a plain object). */
export const templatePreview = lazily(() =>
  z
    .object({
      variables: z.array(z.object({
        name: z.string(),
        source: described(z.enum(['recipient', 'bizContent']), { description: 'recipient: a userIds[] field (custName…), else bizContent must give it' }),
      })).check(z.describe('every ${name} of title and content, in order of first use')),
      title: described(z.string(), { description: 'rendered with the sample values; a variable without one stays ${name}' }),
      content: z.string(),
      missing: described(z.array(z.string()), { description: 'variables the sample values leave without a value: sendMessage would refuse such a request (10001)' }),
    }).check(z.meta({
      example: {
        variables: [{ name: 'custName', source: 'recipient' }, { name: 'dueDate', source: 'bizContent' }],
        title: '',
        content: '尊敬的张三，请于${dueDate}前还款。',
        missing: ['dueDate'],
      },
    })),
);
export type TemplatePreview = z.infer<ReturnType<typeof templatePreview>>;
