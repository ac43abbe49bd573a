import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { useTypeErrors } from '../wire.js';

/** The Patchworks-style surface (see docs/patchworks.md). */
export async function patchworksRoutes(app: FastifyInstance, services: Services) {
  useTypeErrors(app);
  void services;
}
