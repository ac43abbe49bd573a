import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { useTypeErrors } from '../wire.js';

/** The Partly-style surface (see docs/partly.md). */
export async function partlyRoutes(app: FastifyInstance, services: Services) {
  useTypeErrors(app);
  void services;
}
