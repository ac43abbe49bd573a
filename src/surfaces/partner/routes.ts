import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { useTypeErrors } from '../wire.js';

/** The Partner-style surface (see docs/partner.md). */
export async function partnerRoutes(app: FastifyInstance, services: Services) {
  useTypeErrors(app);
  void services;
}
