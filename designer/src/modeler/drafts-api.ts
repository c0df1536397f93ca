/** The drafts endpoints (`/api/process-drafts`), typed from the generated OpenAPI types. */
import { query, request } from '../api';
import type { components } from '../generated/api-types';

type Schemas = components['schemas'];

export type DraftSummary = Schemas['DraftSummaryResponse'];
export type Draft = Schemas['DraftResponse'];
export type DraftPage = Schemas['DraftPage'];
export type NewDraft = Schemas['CreateDraftDto'];
export type DraftChange = Schemas['UpdateDraftDto'];

const path = (id: string) => `/process-drafts/${encodeURIComponent(id)}`;

export const draftsApi = {
  list: (processKey?: string) =>
    request<DraftPage>('GET', `/process-drafts${query({ processKey, limit: 50 })}`),
  get: (id: string) => request<Draft>('GET', path(id)),
  create: (draft: NewDraft) => request<Draft>('POST', '/process-drafts', { json: draft }),
  update: (id: string, change: DraftChange) => request<Draft>('PATCH', path(id), { json: change }),
  remove: (id: string) => request<void>('DELETE', path(id)),
};
