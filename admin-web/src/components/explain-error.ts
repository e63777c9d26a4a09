import { ADMIN_FLAGS, ApiError } from '../api/client.ts';
import { ui, type Text } from '../i18n/text.ts';

/** What a person should read when a call fails: conflicts and references get their own sentence. */
export const explainError = (error: unknown, t: (text: Text) => string): string => {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.retFlag) {
    case ADMIN_FLAGS.versionConflict:
      return t(ui.versionConflict);
    case ADMIN_FLAGS.stillReferenced:
      return `${t(ui.stillReferenced)}: ${error.message}`;
    case ADMIN_FLAGS.exists:
      return `${t(ui.alreadyExists)}: ${error.message}`;
    case ADMIN_FLAGS.forbidden:
      return `${t(ui.noPermission)} (${error.message})`;
    default:
      return `${error.message} [${error.retFlag}]`;
  }
};
