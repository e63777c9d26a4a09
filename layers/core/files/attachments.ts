import type { Attachment } from '#contracts/file-jobs';
import { DomainError } from '#core/errors';

/** Where attachment ids are looked up (messages table). */
export interface AttachmentLookup {
  find(id: string): Promise<Attachment | undefined>;
}

/**
 * enclosureInfo names attachments by id: each must be one this institution uploaded and the platform
 * checked (READY). Anything else is refused naming the id — a caller never learns whether another
 * institution's id exists.
 */
export const checkAttachments = async (lookup: AttachmentLookup, institution: string, enclosureInfo: string | null | undefined): Promise<void> => {
  if (!enclosureInfo) return;
  for (const id of enclosureInfo.split(',')) {
    const found = await lookup.find(id);
    if (!found || found.institution !== institution) {
      throw new DomainError('VALIDATION', `enclosureInfo: 附件 ${id} 不存在或不属于 ${institution} (unknown attachment ${id})`, 'enclosureInfo');
    }
    if (found.status !== 'READY') {
      throw new DomainError('VALIDATION', `enclosureInfo: 附件 ${id} 未通过检查或尚未上传完成 (attachment ${id} is not ready: ${found.error ?? found.status})`, 'enclosureInfo');
    }
  }
};
