package io.pgextra.hibernate.test.partition;

import io.pgextra.hibernate.test.PgExtension;

/**
 * The partitioned tables of the tests, created as a migration would (the factories run with
 * {@code hbm2ddl.auto=none}): {@code events} LIST-partitioned by tenant, {@code readings} RANGE-partitioned by day.
 */
final class PartitionedTables {

	private PartitionedTables() {
	}

	static void create(PgExtension db) {
		db.execute( """
				CREATE TABLE events (
				    id bigserial NOT NULL,
				    tenant text NOT NULL,
				    name text NOT NULL,
				    hits int NOT NULL DEFAULT 0,
				    PRIMARY KEY (tenant, id),
				    CONSTRAINT events_tenant_name_key UNIQUE (tenant, name)
				) PARTITION BY LIST (tenant)""" );
		db.execute( "CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a')" );
		db.execute( "CREATE TABLE events_b PARTITION OF events FOR VALUES IN ('b')" );
		db.execute( "CREATE TABLE events_other PARTITION OF events DEFAULT" );
		db.execute( """
				CREATE TABLE readings (
				    sensor text NOT NULL,
				    day date NOT NULL,
				    value int NOT NULL,
				    PRIMARY KEY (sensor, day)
				) PARTITION BY RANGE (day)""" );
		db.execute( "CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" );
		db.execute( "CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')" );
	}

	static void truncate(PgExtension db) {
		db.execute( "TRUNCATE events, readings" );
	}
}
