import { createLogger } from '../../src/http/logger.js';

/**
 * A process that logs through the server's default output (buffered standard output) and
 * then ends as `process.argv[2]` says: `return` (nothing keeps it alive), `crash` (an
 * uncaught error), or `closed` (it keeps logging after its reader went away).
 * Run by buffered-log.test.ts.
 */
const logger = createLogger('info');
const how = process.argv[2];
logger.info('the last line');
if (how === 'crash') throw new Error('it crashed');
if (how === 'closed') {
  setTimeout(() => {
    for (let i = 0; i < 100; i++) logger.info('a line nobody reads');
    logger.warn('a warning nobody reads');
  }, 200);
}
