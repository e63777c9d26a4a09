import { Logger } from '@aws-lambda-powertools/logger';
import { deferConsoleStreams } from './console-streams.ts';

deferConsoleStreams(Logger.prototype);

// The service name comes from POWERTOOLS_SERVICE_NAME, which the stack and the local runner set per function.
export const logger = new Logger();
