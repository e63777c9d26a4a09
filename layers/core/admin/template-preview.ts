import type { TemplatePreview, TemplatePreviewBody } from '#contracts/template-preview';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import { RECIPIENT_VARIABLES, missingVariables, renderTemplate, templateVariables } from '#core/templates';

/**
 * 模板预览: the variables a template uses (recipient fields or bizContent keys) and its text rendered
 * with sample values — the same rendering and the same "missing" rule sendMessage applies at intake.
 */
export const previewTemplate = async (deps: { config: ConfigReader }, body: TemplatePreviewBody): Promise<TemplatePreview> => {
  const saved = body.templateId ? await deps.config.get('template', body.templateId) : undefined;
  if (body.templateId && !saved) throw new DomainError('NOT_FOUND', `templateId: 模板 ${body.templateId} 不存在 (template not found)`, 'templateId');
  const title = body.title ?? saved?.title ?? '';
  const content = body.content ?? saved?.content;
  if (content === undefined) throw new DomainError('VALIDATION', 'content: 请给出 templateId 或模板内容 (give templateId or content)', 'content');
  const text = `${title}\n${content}`;
  return {
    variables: templateVariables(text).map((name) => ({ name, source: RECIPIENT_VARIABLES.has(name) ? 'recipient' : 'bizContent' })),
    title: renderTemplate(title, body.values),
    content: renderTemplate(content, body.values),
    missing: missingVariables(text, body.values),
  };
};
