import type { Template } from '#contracts/config-platform';
import type { RecipientInput } from '#contracts/send-message';
import { DomainError } from '#core/errors';
import { RECIPIENT_VARIABLES, hasValue, templateVariables } from '#core/templates';

/** bizContent as template variables: a JSON object string (the contract checked it); anything else gives none. */
export const bizVariables = (bizContent: string): Record<string, unknown> => {
  try {
    const parsed = JSON.parse(bizContent) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * useTmpl=Y: every `${name}` of the template must get a value, from bizContent or — for recipient
 * fields (`${custName}`) — from each recipient the method sends to. Refused at intake (400 10001 naming
 * the variable), so `…请于${dueDate}前还款。` never reaches a customer.
 */
export const checkTemplateVariables = (
  template: Template,
  bizContent: string,
  recipients: RecipientInput[],
  /** The recipients the method sends to (its custTypes); the others need no value. */
  sendsTo: (recipient: RecipientInput) => boolean = () => true,
): void => {
  const biz = bizVariables(bizContent);
  for (const name of templateVariables(`${template.title}\n${template.content}`)) {
    if (hasValue(biz, name)) continue;
    if (!RECIPIENT_VARIABLES.has(name)) {
      throw new DomainError(
        'VALIDATION',
        `bizContent: 模板 ${template.id} 的变量 \${${name}} 未提供 (template variable ${name} is missing from bizContent)`,
        'bizContent',
      );
    }
    const index = recipients.findIndex((r) => sendsTo(r) && !hasValue(r as Record<string, unknown>, name));
    if (index >= 0) {
      const field = `userIds[${index}].${name}`;
      throw new DomainError(
        'VALIDATION',
        `${field}: 模板 ${template.id} 的变量 \${${name}} 未提供：bizContent 和该接收用户都没有 (template variable ${name} is given neither by bizContent nor by this recipient)`,
        field,
      );
    }
  }
};
