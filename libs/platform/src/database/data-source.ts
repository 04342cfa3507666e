import { DataSource, type EntityManager, type MixedList } from 'typeorm';

export interface DataSourceParts {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  readonly entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  readonly migrations: MixedList<Function>;
}

/** Opens the TypeORM data source and brings the schema up to date (each migration in its own transaction). */
export async function openDataSource(url: string, parts: DataSourceParts): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    extra: { max: 10, application_name: 'apdc' },
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/** Runs raw SQL inside the transaction of `manager`, returning the rows whatever the statement. */
export async function queryRows<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (runner === undefined) {
    return (await manager.query<T[]>(sql, parameters)) ?? [];
  }
  const result = await runner.query(sql, parameters, true);
  return (result.records ?? []) as T[];
}
