import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ExecutableModel } from '#workflows/engine/model';
import type { Variables } from '#workflows/engine/types';
import {
  type CalledProcesses,
  calledProcessRef,
  SimulationRefused,
} from '#workflows/simulation/called-processes';
import {
  scriptProblems,
  simulate,
  type SimulationResult,
  type SimulationScript,
} from '#workflows/simulation/simulate';
import { type ElementsImpact, elementsImpact, type OpenElement } from './change-impact';
import { definitionError } from './definitions.errors';
import { DefinitionsService } from './definitions.service';
import { ProcessDefinition } from './process-definition.entity';

/** Where the running instances of a key stand against a would-be next version. */
export type ChangeImpact = ElementsImpact & {
  key: string;
  latestVersion: number | null;
  runningInstances: number;
};

/**
 * The elements running instances of a key have a token in: per token, an `element.started`
 * instance event without its `element.completed`. These rows commit in the same transaction as
 * the step that moved the token, for every element kind, so they are what the database knows
 * for certain (the engine state inside Temporal may be one uncommitted batch ahead). A token
 * may enter one element several times (a loop), hence the counts.
 */
const OPEN_ELEMENTS_SQL = `
  SELECT DISTINCT open.instance_id AS "instanceId", i.client_id AS "clientId", d.version,
         open.element_id AS "elementId",
         d.model->'nodes'->open.element_id->>'kind' AS kind,
         d.model->'nodes'->open.element_id->>'name' AS name
    FROM (SELECT e.instance_id, e.element_id
            FROM instance_events e
            JOIN process_instances i ON i.id = e.instance_id AND i.status = 'running'
            JOIN process_definitions d ON d.id = i.definition_id AND d.key = $1
           WHERE e.type IN ('element.started', 'element.completed')
           GROUP BY e.instance_id, e.element_id, e.payload->>'tokenId'
          HAVING count(*) FILTER (WHERE e.type = 'element.started')
               > count(*) FILTER (WHERE e.type = 'element.completed')) open
    JOIN process_instances i ON i.id = open.instance_id
    JOIN process_definitions d ON d.id = i.definition_id
   ORDER BY d.version, open.instance_id, open.element_id`;

/** What a diagram would do before it is deployed: a dry run, and its impact on running work. */
@Injectable()
export class PreviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionsService,
  ) {}

  /**
   * Runs the diagram on the pure engine in memory; nothing is written anywhere. The processes
   * its call activities may reach are read first, as a start would find them (the version
   * pinned, else the latest deployed; a call of the diagram's own key without a version runs
   * the diagram itself, the latest once deployed).
   */
  async simulate(
    bpmnXml: string,
    variables: Variables,
    script: SimulationScript,
  ): Promise<SimulationResult> {
    const { model } = await this.definitions.compile(bpmnXml);
    const called = await this.calledProcesses(model);
    const calledModels = Object.values(called).map((process) => process.model);
    const problems = scriptProblems(model, script, calledModels);
    if (problems.length > 0) {
      throw definitionError(
        'SIMULATION_SCRIPT_INVALID',
        `The simulation script cannot run: ${problems.join('; ')}`,
        problems,
      );
    }
    try {
      return simulate(model, variables, script, Date.now(), called);
    } catch (error) {
      if (!(error instanceof SimulationRefused)) throw error;
      throw definitionError(error.code, error.message, [{ elementId: error.elementId }]);
    }
  }

  /**
   * Every process the model's call activities may start, and those theirs may, that is deployed:
   * one read per process key and version named. A call of one that is not is refused only when
   * the run reaches it.
   */
  private async calledProcesses(model: ExecutableModel): Promise<CalledProcesses> {
    const called: CalledProcesses = {};
    const looked = new Set<string>();
    const toRead = [model];
    for (let next = toRead.pop(); next; next = toRead.pop()) {
      for (const node of Object.values(next.nodes)) {
        if (node.kind !== 'callActivity') continue;
        const ref = calledProcessRef(node.processKey, node.version);
        if (looked.has(ref)) continue;
        looked.add(ref);
        if (node.processKey === model.processId && node.version === null) {
          called[ref] = { model, version: null };
          continue;
        }
        const definition = await this.dataSource.getRepository(ProcessDefinition).findOne({
          where: {
            key: node.processKey,
            ...(node.version === null ? {} : { version: node.version }),
          },
          order: { version: 'DESC' },
        });
        if (!definition) continue;
        called[ref] = { model: definition.model, version: definition.version };
        toRead.push(definition.model);
      }
    }
    return called;
  }

  async impact(bpmnXml: string): Promise<ChangeImpact> {
    const { model } = await this.definitions.compile(bpmnXml);
    const key = model.processId;
    const [counts] = await this.dataSource.query(
      `SELECT (SELECT max(version) FROM process_definitions WHERE key = $1) AS "latestVersion",
              (SELECT count(*)::int FROM process_instances i
                 JOIN process_definitions d ON d.id = i.definition_id
                WHERE d.key = $1 AND i.status = 'running') AS "runningInstances"`,
      [key],
    );
    const open: OpenElement[] = await this.dataSource.query(OPEN_ELEMENTS_SQL, [key]);
    return {
      key,
      latestVersion: counts.latestVersion,
      runningInstances: counts.runningInstances,
      ...elementsImpact(open, model),
    };
  }
}
