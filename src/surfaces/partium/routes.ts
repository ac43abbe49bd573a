import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { useTypeErrors } from '../wire.js';

/** The Partium-style surface (see docs/partium.md). */
export async function partiumRoutes(app: FastifyInstance, services: Services) {
  useTypeErrors(app);
  void services;
}
