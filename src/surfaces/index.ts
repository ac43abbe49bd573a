import type { FastifyInstance } from 'fastify';
import type { SurfaceName } from '../config.js';
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
