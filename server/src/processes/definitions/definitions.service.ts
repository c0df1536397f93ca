import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { compileBpmn, CompileIssue } from '#workflows/bpmn/compiler';
import type { ExecutableModel } from '#workflows/engine/model';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { notFound } from '#server/common/errors/common.errors';
import { User } from '#server/users/user.entity';
import { TimerStartSchedules } from '../timer-starts/timer-start-schedules';
import { crmActionProblems } from './action-checks';
import { recordStartEvents } from '../triggers/start-events';
import { contentHash } from './content-hash';
import { definitionError } from './definitions.errors';
import { ProcessDefinition } from './process-definition.entity';

export type DefinitionSummary = Omit<ProcessDefinition, 'bpmnXml' | 'model' | 'contentHash'>;
export type ListedDefinition = DefinitionSummary & { deployedByName: string | null };

/**
 * The version a deploy answers and what the compiler warned about: a new version (`created`),
 * or the latest one when the diagram was identical to it.
 */
export type DeployedDefinition = DefinitionSummary & { warnings: CompileIssue[]; created: boolean };

/** A diagram the compiler accepted. */
export interface CompiledDiagram {
  model: ExecutableModel;
  warnings: CompileIssue[];
}

const SUMMARY_COLUMNS = {
  id: true,
  key: true,
  name: true,
  version: true,
  deployedAt: true,
  deployedById: true,
} as const;

/** How many deployed versions a process remembers for starts by id. */
const REMEMBERED_VERSIONS = 200;

@Injectable()
export class DefinitionsService {
  /** Versions read for starts, least recently used first; a deployed version never changes. */
  private readonly remembered = new Map<string, ProcessDefinition>();

  constructor(
    @InjectRepository(ProcessDefinition)
    private readonly definitions: Repository<ProcessDefinition>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
    private readonly timerStarts: TimerStartSchedules,
  ) {}

  /**
   * Compiles the diagram and stores it as the next version of its process key, unless it is
   * identical (by `contentHash`) to the latest version, which it then answers.
   */
  async deploy(bpmnXml: string, deployedById: string | null): Promise<DeployedDefinition> {
    const { model, warnings } = await this.compile(bpmnXml);
    const deployed = await this.store(bpmnXml, model, warnings, deployedById);
    // After the commit, never inside it: the schedule of a timer start event follows the latest version.
    if (deployed.created) await this.timerStarts.syncAfterDeploy(deployed.key);
    return deployed;
  }

  private store(
    bpmnXml: string,
    model: ExecutableModel,
    warnings: CompileIssue[],
    deployedById: string | null,
  ): Promise<DeployedDefinition> {
    const hash = contentHash(bpmnXml);
    return this.dataSource.transaction(async (manager) => {
      // Serialise deploys of one key so two of them never take the same version number.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [model.processId]);
      const latest = await manager.findOne(ProcessDefinition, {
        where: { key: model.processId },
        order: { version: 'DESC' },
        select: { ...SUMMARY_COLUMNS, contentHash: true },
      });
      if (latest?.contentHash === hash) {
        return { ...summarize(latest), warnings, created: false };
      }
      const saved = await manager.save(
        manager.create(ProcessDefinition, {
          key: model.processId,
          name: model.name,
          version: (latest?.version ?? 0) + 1,
          bpmnXml,
          model,
          contentHash: hash,
          deployedById,
        }),
      );
      await recordStartEvents(manager, saved.id, model);
      return { ...summarize(saved), warnings, created: true };
    });
  }

  /**
   * The diagram's executable model, or BPMN_INVALID listing every problem with its element:
   * the compiler's, then what the API would refuse in the literal values of its CRM actions.
   */
  async compile(bpmnXml: string): Promise<CompiledDiagram> {
    const compiled = await compileBpmn(bpmnXml, { maxTimerMs: this.config.maxTimerMs });
    const errors = compiled.ok
      ? await crmActionProblems(this.dataSource.manager, compiled.model, bpmnXml)
      : compiled.errors;
    if (!compiled.ok || errors.length > 0) {
      throw definitionError(
        'BPMN_INVALID',
        `The diagram cannot be deployed: ${errors
          .map((error) =>
            error.elementId ? `${error.elementId}: ${error.message}` : error.message,
          )
          .join('; ')}`,
        errors,
      );
    }
    return { model: compiled.model, warnings: compiled.warnings };
  }

  /** Newest version first within each key, with the name of who deployed each. */
  async list(key?: string): Promise<ListedDefinition[]> {
    const versions = await this.definitions.find({
      where: key ? { key } : {},
      order: { key: 'ASC', version: 'DESC' },
      select: SUMMARY_COLUMNS,
    });
    const deployerIds = [
      ...new Set(versions.flatMap((v) => (v.deployedById ? [v.deployedById] : []))),
    ];
    const deployers = deployerIds.length
      ? await this.dataSource.manager.find(User, {
          where: { id: In(deployerIds) },
          select: { id: true, name: true },
        })
      : [];
    const names = new Map(deployers.map((user) => [user.id, user.name]));
    return versions.map((version) => ({
      ...version,
      deployedByName: version.deployedById ? (names.get(version.deployedById) ?? null) : null,
    }));
  }

  async get(id: string): Promise<ProcessDefinition> {
    const definition = await this.definitions.findOneBy({ id });
    if (!definition) throw notFound('Process definition', id);
    return definition;
  }

  /**
   * `get` for a start: the version is remembered (its model parsed once), since no version is
   * changed or removed once deployed. Callers must not change what it returns.
   */
  async deployed(id: string): Promise<ProcessDefinition> {
    const known = this.remembered.get(id);
    if (known) {
      this.remembered.delete(id);
      this.remembered.set(id, known);
      return known;
    }
    const definition = await this.get(id);
    if (this.remembered.size >= REMEMBERED_VERSIONS) {
      this.remembered.delete(this.remembered.keys().next().value as string);
    }
    this.remembered.set(id, definition);
    return definition;
  }

  async latest(key: string): Promise<ProcessDefinition> {
    const definition = await this.definitions.findOne({
      where: { key },
      order: { version: 'DESC' },
    });
    if (!definition) throw notFound('Process definition with key', key);
    return definition;
  }

  /** One version of a key, as `{definitionKey, version}` names it. */
  async version(key: string, version: number): Promise<ProcessDefinition> {
    const definition = await this.definitions.findOneBy({ key, version });
    if (!definition) throw notFound('Process definition version', `${key} v${version}`);
    return definition;
  }
}

function summarize({
  bpmnXml: _xml,
  model: _model,
  contentHash: _hash,
  ...summary
}: Partial<ProcessDefinition> & DefinitionSummary): DefinitionSummary {
  return summary;
}
