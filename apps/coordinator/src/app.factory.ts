/**
 * @module app.factory
 * Builds the coordinator: Nest app with the socket.io adapter, `/api` prefix,
 * structured logs (logging/: pino, JSON lines or human-readable on a terminal),
 * strict global validation, CORS, security headers (helmet), the
 * content-type rule for state-changing requests (auth/content-type.middleware)
 * the admin dashboard at `/` (dashboard/dashboard-static), and Swagger (`/api/docs`, `/api/docs-json`: public, it describes only the
 * API's shape, which is open source anyway; every route it lists needs a
 * token, see docs/security.md).
 * `createApp` is what `main.ts` and the e2e tests boot; `startApp` also
 * listens and prints the one line scripts read the URL from.
 */
import { Logger, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { MAX_TOPOLOGY_CHARS, PROTOCOL_VERSION } from '@fl/protocol';
import { AppModule } from './app.module';
import type { CoordinatorConfig } from './config/coordinator-config';
import { createRootLogger, type RootLogger } from './logging/root-logger';
import { NestPinoLogger } from './logging/nest-logger';
import { FlIoAdapter } from './gateway/fl-io.adapter';
import { contentTypeMiddleware } from './auth/content-type.middleware';
import { mountDashboard } from './dashboard/dashboard-static';
import { loadTls } from './config/tls-files';
import { limitConnections } from './common/connection-limit';
import type { Clock } from './common/clock';

export interface CreateAppOptions {
  /** Replaces the system clock (tests). */
  clock?: Clock;
  /** Replaces the stdout pino logger built from `logLevel`/`logFormat` (tests). */
  logger?: RootLogger;
}

/**
 * With `--tls-cert`/`--tls-key` the one port serves HTTPS, and socket.io,
 * attached to the same server, WSS (the bulk channel reads the same files).
 * @throws ConfigError when the certificate or key is unusable
 */
export async function createApp(config: CoordinatorConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const tls = loadTls(config);
  const root = options.logger ?? createRootLogger(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, root, options.clock), {
    ...(tls ? { httpsOptions: tls } : {}),
    logger: new NestPinoLogger(root),
    cors: config.corsOrigins.length ? { origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins] } : false,
  });
  // No upgrade-insecure-requests: on a plain-HTTP install it would break the docs UI's own assets (TLS is a deployment choice).
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(contentTypeMiddleware);
  mountDashboard(app);
  app.useBodyParser('json', { limit: MAX_TOPOLOGY_CHARS * 2 });
  app.useWebSocketAdapter(new FlIoAdapter(app, config));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const doc = new DocumentBuilder()
    .setTitle('FL coordinator')
    .setDescription(`Federated learning coordinator REST API. Edge clients speak socket.io protocol v${PROTOCOL_VERSION} on path /fl.`)
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token, flt_… (docs/security.md)' })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** The one line scripts read the URL from. */
export function listeningLine(url: string): string {
  return `Coordinator listening on ${url} (API ${url}/api, docs ${url}/api/docs)`;
}

/** Creates and listens; returns the app and its base URL (`http://HOST:PORT`, `https://` with TLS). */
export async function startApp(config: CoordinatorConfig, options: CreateAppOptions = {}): Promise<{ app: INestApplication; url: string }> {
  const app = await createApp(config, options);
  const log = new Logger('Connections');
  limitConnections(app.getHttpServer(), { total: config.maxConnections, perAddress: config.maxConnectionsPerAddress }, {
    everyMs: 60_000,
    report: (count, last) => log.warn(`closed ${count} connection(s) in the last minute over --max-connections-per-address ${config.maxConnectionsPerAddress} (last from ${last})`),
  });
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { app, url: `${config.tlsCert ? 'https' : 'http'}://${host}:${port}` };
}
