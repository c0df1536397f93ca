import { query, request } from './api';
import type { components } from './generated/api-types';

type Schemas = components['schemas'];

/** What the admin screens read and write (admins only; the server checks every call). */
export type Role = Schemas['UserSummaryResponse']['roles'][number];
export const ROLES: readonly Role[] = ['admin', 'analyst', 'manager', 'supervisor'];
export type UserSummary = Schemas['UserSummaryResponse'];
export type UserDetails = Schemas['UserDetailsResponse'];
export type NewUser = Schemas['CreateUserDto'];
export type UserChange = Schemas['UpdateUserDto'];
export type Team = Schemas['TeamResponse'];
export type ClientStatus = Schemas['ClientStatusResponse'];
export type ClientStatusList = Schemas['ClientStatusesResponse'];
export type Pipeline = Schemas['PipelineResponse'];
export type NewPipeline = Schemas['CreatePipelineDto'];
export type Integration = Schemas['IntegrationResponse'];
export type RotatedSecret = Schemas['RotatedSecretResponse'];

const segment = (value: string) => encodeURIComponent(value);
/** Admin lists are short: one page of the largest size the API serves. */
const ALL = 200;

export const adminApi = {
  listUsers: (active: boolean) =>
    request<Schemas['UserSummaryPage']>('GET', `/users${query({ active, limit: ALL })}`),
  createUser: (user: NewUser) => request<UserDetails>('POST', '/users', { json: user }),
  updateUser: (userId: string, change: UserChange) =>
    request<UserDetails>('PATCH', `/users/${segment(userId)}`, { json: change }),

  listTeams: () => request<Schemas['TeamPage']>('GET', `/teams${query({ limit: ALL })}`),
  createTeam: (name: string) => request<Team>('POST', '/teams', { json: { name } }),
  setSupervisors: (teamId: string, userIds: string[]) =>
    request<Team>('PUT', `/teams/${segment(teamId)}/supervisors`, { json: { userIds } }),

  listStatuses: () => request<ClientStatusList>('GET', '/client-statuses'),
  createStatus: (key: string, name: string) =>
    request<ClientStatus>('POST', '/client-statuses', { json: { key, name } }),
  addTransition: (fromStatus: string, toStatus: string) =>
    request<Schemas['ClientStatusTransitionResponse']>('POST', '/client-statuses/transitions', {
      json: { fromStatus, toStatus },
    }),
  removeTransition: (fromStatus: string, toStatus: string) =>
    request<void>(
      'DELETE',
      `/client-statuses/transitions/${segment(fromStatus)}/${segment(toStatus)}`,
    ),

  listPipelines: () => request<Schemas['PipelinePage']>('GET', '/pipelines'),
  createPipeline: (pipeline: NewPipeline) =>
    request<Pipeline>('POST', '/pipelines', { json: pipeline }),
  makeDefaultPipeline: (pipelineId: string) =>
    request<Pipeline>('PATCH', `/pipelines/${segment(pipelineId)}`, { json: { isDefault: true } }),
  addStage: (pipelineId: string, name: string, probability: number) =>
    request<Pipeline>('POST', `/pipelines/${segment(pipelineId)}/stages`, {
      json: { name, probability },
    }),
  removeStage: (pipelineId: string, stageId: string) =>
    request<Pipeline>('DELETE', `/pipelines/${segment(pipelineId)}/stages/${segment(stageId)}`),

  listIntegrations: () => request<Schemas['IntegrationPage']>('GET', '/integrations'),
  updateIntegration: (key: string, change: Schemas['UpdateIntegrationDto']) =>
    request<Integration>('PATCH', `/integrations/${segment(key)}`, { json: change }),
  rotateSecret: (key: string) =>
    request<RotatedSecret>('POST', `/integrations/${segment(key)}/rotate`),
};
