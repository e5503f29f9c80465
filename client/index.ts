/**
 * Typed client for the Hirevision API, for the admin SPA and the candidate app.
 *
 * `schema.d.ts` is generated from the committed `openapi.json` by `npm run client` (a test fails when it
 * is stale); this file only wires it to openapi-fetch and names the types a front end uses most.
 */
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };

/** The client: `GET`/`POST`/`PATCH`/`PUT`/`DELETE` take a documented path and answer `{ data, error, response }`. */
export type HirevisionClient = Client<paths>;

export interface HirevisionClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /**
   * Bearer access token put on every request that has no `Authorization` header of its own: a string,
   * or a function read before each request (so a refreshed token is picked up). Leave it out for the
   * candidate app, whose calls carry the invite token instead.
   */
  accessToken?: string | (() => string | null | undefined | Promise<string | null | undefined>);
}

/**
 * `baseUrl` is the API's origin (`https://api.example.com`); the documented paths already start with
 * `/api/v1` (or are `/healthz`, `/dev-upload/{key}`).
 */
export function createHirevisionClient(baseUrl: string, opts: HirevisionClientOptions = {}): HirevisionClient {
  const { accessToken, ...options } = opts;
  const client = createClient<paths>({ ...options, baseUrl });
  if (accessToken !== undefined) client.use(bearer(accessToken));
  return client;
}

function bearer(accessToken: NonNullable<HirevisionClientOptions['accessToken']>): Middleware {
  return {
    async onRequest({ request }) {
      if (request.headers.has('Authorization')) return undefined;
      const token = typeof accessToken === 'function' ? await accessToken() : accessToken;
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
}

/** `X-Total-Count` of a list response (every list is paginated), or undefined when it is absent. */
export function totalCount(response: Response): number | undefined {
  const value = response.headers.get('X-Total-Count');
  return value === null || value === '' ? undefined : Number(value);
}

/** The invite token of a link (`…/interview#token=…`) or of the candidate app's `location.hash`. */
export function inviteToken(linkOrHash: string): string | undefined {
  const hash = linkOrHash.slice(linkOrHash.indexOf('#') + 1);
  return new URLSearchParams(hash).get('token') ?? undefined;
}

/**
 * Init for a multipart upload (`POST /api/v1/jobs/{id}/candidates/bulk-upload`): the document types
 * binary parts as strings, so the typed body names no files and the FormData built here is what is sent
 * (fetch sets the multipart boundary).
 */
export function bulkUploadBody(files: Iterable<File>): { body: Schemas['BulkUploadBody']; bodySerializer: () => FormData } {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  return { body: { files: [] }, bodySerializer: () => form };
}

/** Every documented schema, by name: `Schemas['JobRead']`. */
export type Schemas = components['schemas'];

/** The body of every error response: `{ error: { code, message, details?, request_id } }`. */
export type ApiError = Schemas['ErrorEnvelope'];
export type ErrorBody = Schemas['ErrorBody'];

export type AuthTokens = Schemas['AuthTokens'];
export type UserRead = Schemas['UserRead'];
export type Role = UserRead['role'];
export type JobRead = Schemas['JobRead'];
export type CreateJobDto = Schemas['CreateJobDto'];
export type UpdateJobDto = Schemas['UpdateJobDto'];
export type QuestionSetRead = Schemas['QuestionSetRead'];
export type CandidateRead = Schemas['CandidateRead'];
export type CandidateStatus = CandidateRead['status'];
export type CreateCandidateDto = Schemas['CreateCandidateDto'];
export type UpdateCandidateDto = Schemas['UpdateCandidateDto'];
export type BulkUploadReport = Schemas['BulkUploadReport'];
export type BulkUploadItem = Schemas['BulkUploadItem'];
export type SendLinkRead = Schemas['SendLinkRead'];
export type InterviewRead = Schemas['InterviewRead'];
export type InterviewStatus = InterviewRead['status'];
export type InterviewAnalysisRead = Schemas['InterviewAnalysisRead'];
export type ConversationMessageRead = Schemas['ConversationMessageRead'];
export type TranscriptRead = Schemas['TranscriptRead'];
export type MediaUploadRead = Schemas['MediaUploadRead'];
export type PublicInterviewRead = Schemas['PublicInterviewRead'];
export type StartRead = Schemas['StartRead'];
export type AnswerRead = Schemas['AnswerRead'];
export type PresignUploadRead = Schemas['PresignUploadRead'];
export type MetricsRead = Schemas['MetricsRead'];
export type SettingsRead = Schemas['SettingsRead'];
export type UpdateSettingsDto = Schemas['UpdateSettingsDto'];
export type AccessLogRead = Schemas['AccessLogRead'];
