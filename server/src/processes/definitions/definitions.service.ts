import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { compileBpmn, CompileIssue } from '../../../../workflows/bpmn/compiler';
import { notFound } from '../../common/errors/common.errors';
import { definitionError } from './definitions.errors';
import { ProcessDefinition } from './process-definition.entity';

export type DefinitionSummary = Omit<ProcessDefinition, 'bpmnXml' | 'model'>;

/** A deployed version and what the compiler warned about while accepting it. */
export type DeployedDefinition = DefinitionSummary & { warnings: CompileIssue[] };

@Injectable()
export class DefinitionsService {
  constructor(
    @InjectRepository(ProcessDefinition)
    private readonly definitions: Repository<ProcessDefinition>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Compiles the diagram and stores it as the next version of its process key. */
  async deploy(bpmnXml: string, deployedById: string | null): Promise<DeployedDefinition> {
    const compiled = await compileBpmn(bpmnXml);
    if (!compiled.ok) {
      throw definitionError(
        'BPMN_INVALID',
        `The diagram cannot be deployed: ${compiled.errors
          .map((error) =>
            error.elementId ? `${error.elementId}: ${error.message}` : error.message,
          )
          .join('; ')}`,
        compiled.errors,
      );
    }
    const { model, warnings } = compiled;
    const saved = await this.dataSource.transaction(async (manager) => {
      // Serialise deploys of one key so two of them never take the same version number.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [model.processId]);
      const latest = await manager.findOne(ProcessDefinition, {
        where: { key: model.processId },
        order: { version: 'DESC' },
        select: { id: true, version: true },
      });
      return manager.save(
        manager.create(ProcessDefinition, {
          key: model.processId,
          name: model.name,
          version: (latest?.version ?? 0) + 1,
          bpmnXml,
          model,
          deployedById,
        }),
      );
    });
    return { ...summarize(saved), warnings };
  }

  async list(key?: string): Promise<DefinitionSummary[]> {
    const rows = await this.definitions.find({
      where: key ? { key } : {},
      order: { key: 'ASC', version: 'DESC' },
      select: {
        id: true,
        key: true,
        name: true,
        version: true,
        deployedAt: true,
        deployedById: true,
      },
    });
    return rows;
  }

  async get(id: string): Promise<ProcessDefinition> {
    const definition = await this.definitions.findOneBy({ id });
    if (!definition) throw notFound('Process definition', id);
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
}

function summarize({
  bpmnXml: _xml,
  model: _model,
  ...summary
}: ProcessDefinition): DefinitionSummary {
  return summary;
}
