import type { FastifyInstance } from 'fastify';
import type { Config, SurfaceName } from '../config.js';
import { errorHandler } from '../http/error-handler.js';
import type { Services } from '../services.js';
import { partium } from './partium/surface.js';
import { partly } from './partly/surface.js';
import { partner } from './partner/surface.js';
import { patchworks } from './patchworks/surface.js';
import { owns, type Surface } from './wire.js';

/** Every contract surface the server can mount, by the name `SURFACES` gives it. */
export const surfaces: Readonly<Record<SurfaceName, Surface>> = {
  partly,
  partium,
  patchworks,
  partner,
};

const registered = Object.values(surfaces);

/**
 * The formats of the keys the contracts hand out, registered with the key service whatever
 * surfaces are mounted: a key made while its surface was mounted is still in the store, and
 * still valid wherever keys are taken.
 */
export const contractKeyFormats = registered.flatMap((surface) => surface.keyFormats ?? []);

/** The tables the contracts keep of their own, pruned with the core's (maintenance/prune.ts). */
export const contractPruneTasks = registered.flatMap((surface) => surface.pruneTasks ?? []);

/**
 * The audiences of the contracts' own logins, mounted or not, so that introspection and
 * revocation find a token issued while its surface was mounted.
 */
export const loginAudiences = (config: Pick<Config, 'publicUrl'>): string[] =>
  registered.flatMap((surface) => (surface.audience ? [surface.audience(config)] : []));

/** The mounted surface whose paths `url` is under, which answers there outside its routes. */
export function surfaceOwning(url: string, mounted: readonly SurfaceName[]): Surface | undefined {
  return mounted.map((name) => surfaces[name]).find((surface) => owns(surface, url));
}

/** Mounts `surface`'s routes, every error raised in them rendered by its renderer. */
export async function mountSurface(
  app: FastifyInstance,
  surface: Surface,
  services: Services,
): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(errorHandler(surface.render));
    await surface.routes(scope, services);
  });
}
