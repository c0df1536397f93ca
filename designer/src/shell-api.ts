/**
 * The calls of the header (search, notifications), the calendar and the client list's saved
 * views, with their shapes from the generated API types.
 */
import { query, request } from './api';
import type { components } from './generated/api-types';

type Schemas = components['schemas'];

export type SearchResult = Schemas['SearchResultResponse'];
export type SearchKind = SearchResult['type'];
export type CalendarActivity = Schemas['CalendarResponse']['items'][number];
export type CalendarUser = Schemas['UserSummaryResponse'];
export type SavedView = Schemas['SavedViewResponse'];
export type NewSavedView = Schemas['CreateSavedViewDto'];
export type ClientFilters = Schemas['ClientFilterQuery'];
export type ClientSort = SavedView['sort'];
export type ClientPage = Schemas['ClientPage'];

export interface ClientListQuery extends ClientFilters {
  sort?: ClientSort;
  order?: 'asc' | 'desc';
}

const segment = (value: string) => encodeURIComponent(value);

export const shellApi = {
  search: (q: string, limit = 20) =>
    request<{ items: SearchResult[] }>('GET', `/search${query({ q, limit })}`),

  /** A user's planned calls, meetings and tasks in [from, to). */
  calendar: (from: Date, to: Date, user = 'me') =>
    request<Schemas['CalendarResponse']>(
      'GET',
      `/calendar${query({ from: from.toISOString(), to: to.toISOString(), user })}`,
    ),

  /** The users whose calendar the caller may open (the server's access rules), by name. */
  calendarUsers: () =>
    request<Schemas['UserSummaryPage']>('GET', `/users${query({ readable: true, limit: 200 })}`),

  listClients: (filters: ClientListQuery) =>
    request<ClientPage>('GET', `/clients${query({ ...defined(filters), limit: 100 })}`),

  listSavedViews: () =>
    request<{ items: SavedView[] }>('GET', `/saved-views${query({ screen: 'clients' })}`),

  createSavedView: (view: NewSavedView) =>
    request<SavedView>('POST', '/saved-views', { json: view }),

  updateSavedView: (id: string, change: Partial<Omit<NewSavedView, 'screen'>>) =>
    request<SavedView>('PATCH', `/saved-views/${segment(id)}`, { json: change }),

  deleteSavedView: (id: string) => request<void>('DELETE', `/saved-views/${segment(id)}`),
};

/** The filters that are set: a saved view may hold nulls, which mean "any". */
export function defined(filters: ClientListQuery): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filters).filter((entry): entry is [string, string] => !!entry[1]),
  );
}
