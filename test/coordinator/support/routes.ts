/**
 * @module test/coordinator/support/routes
 * Every route the running app actually serves, read from the Express router
 * (not a hand-written list), each with the access metadata Nest holds for
 * its handler (`@RequirePermission`, `@Public`, `@Authenticated`), found by
 * walking the controllers in Nest's module container.
 */
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import type { Permission } from '@fl/protocol';
import { AUTHENTICATED_KEY, PERMISSION_KEY, PUBLIC_KEY } from '../../../apps/coordinator/src/auth/permissions';

export interface ServedRoute {
  method: string;
  /** Express pattern, e.g. `/api/jobs/:id`. */
  path: string;
  /** Null when the route is not a Nest handler (e.g. the Swagger UI). */
  access: { permission: Permission | null; public: boolean; authenticated: boolean } | null;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

const join = (...parts: string[]) => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;

function nestAccess(app: INestApplication): Map<string, ServedRoute['access']> {
  const out = new Map<string, ServedRoute['access']>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as (new (...a: never[]) => unknown) | null;
      if (!cls) continue;
      const base = Reflect.getMetadata(PATH_METADATA, cls) as string;
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const fn = (cls.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof fn !== 'function' || Reflect.getMetadata(PATH_METADATA, fn) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as number];
        const meta = <T>(key: string) => (Reflect.getMetadata(key, fn) ?? Reflect.getMetadata(key, cls)) as T | undefined;
        out.set(`${method} ${join('api', base, Reflect.getMetadata(PATH_METADATA, fn) as string)}`, {
          permission: meta<Permission>(PERMISSION_KEY) ?? null,
          public: meta<boolean>(PUBLIC_KEY) === true,
          authenticated: meta<boolean>(AUTHENTICATED_KEY) === true,
        });
      }
    }
  }
  return out;
}

export function servedRoutes(app: INestApplication): ServedRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)!.stack;
  const access = nestAccess(app);
  const out: ServedRoute[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const m of Object.keys(layer.route.methods)) {
      const method = m.toUpperCase();
      const key = `${method} ${layer.route.path}`;
      out.push({ method, path: layer.route.path, access: access.has(key) ? access.get(key)! : null });
    }
  }
  return out;
}

/** A concrete path for a pattern: `:id` → a UUID nobody has, `:hash` → 64 zeros. */
export function concrete(path: string): string {
  return path.replace(/:id\b/g, '7f1c9a52-7c44-4d0e-9a3c-1c2d3e4f5a6b').replace(/:hash\b/g, '0'.repeat(64)).replace(/:(\w+)/g, 'x');
}
