import type { Surface } from '../wire.js';
import { renderPartnerError } from './errors.js';
import { idempotencyKeyPruning } from './idempotency.js';
import { partnerRoutes } from './routes.js';

export const partner: Surface = {
  name: 'partner',
  owns: ['/partner/'],
  routes: partnerRoutes,
  render: renderPartnerError,
  pruneTasks: [idempotencyKeyPruning],
};
