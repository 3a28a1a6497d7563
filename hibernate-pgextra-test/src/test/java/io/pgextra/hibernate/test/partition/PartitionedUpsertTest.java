package io.pgextra.hibernate.test.partition;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static io.pgextra.hibernate.ConflictExpression.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.ConflictTargetException;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.partition.model.Coded;
import io.pgextra.hibernate.test.partition.model.Event;
import io.pgextra.hibernate.test.partition.model.Reading;

import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code INSERT ... ON CONFLICT} into partitioned parents (LIST by tenant, RANGE by day), with every terminal
 * operation and action, and exact per-row outcomes.
 */
class PartitionedUpsertTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Event.class, Reading.class, Coded.class )
			.property( "hibernate.hbm2ddl.auto", "none" );

	private static final ConflictTarget TENANT_NAME = ConflictTarget.attributes( "tenant", "name" );

	@BeforeAll
	static void tables() {
		PartitionedTables.create( db );
	}

	@BeforeEach
	void clean() {
		PartitionedTables.truncate( db );
	}

	private static Map<String, Object> event(String tenant, String name, int hits) {
		return Map.of( "tenant", tenant, "name", name, "hits", hits );
	}

	private static PgExtraEntityManager pgx(jakarta.persistence.EntityManager em) {
		return PgExtraEntityManager.of( em );
	}

	@Test
	void upsertInsertsThenUpdatesInTheRowsPartition() {
		Long first = db.fromTransaction( em -> pgx( em ).upsert( Event.class, TENANT_NAME, event( "a", "x", 1 ) ) );
		Long second = db.fromTransaction( em -> pgx( em ).upsert( Event.class, TENANT_NAME, event( "a", "x", 5 ) ) );
		assertThat( second ).isEqualTo( first );
		assertThat( db.rows( "SELECT tableoid::regclass::text AS part, id, hits FROM events" ) )
				.containsExactly( Map.of( "part", "events_a", "id", first, "hits", 5 ) );
	}

	@Test
	void insertForResultTellsInsertedFromUpdatedFromLeftAlone() {
		ConflictResult inserted = db.fromTransaction( em -> pgx( em ).onConflict( Event.class, TENANT_NAME )
				.doUpdate().insertForResult( event( "b", "y", 1 ) ) );
		ConflictResult updated = db.fromTransaction( em -> pgx( em ).onConflict( Event.class, TENANT_NAME )
				.doUpdate().insertForResult( event( "b", "y", 2 ) ) );
		ConflictResult nothing = db.fromTransaction( em -> pgx( em )
				.onConflict( Event.class, TENANT_NAME, ConflictAction.NOTHING ).insertForResult( event( "b", "y", 3 ) ) );
		ConflictResult refused = db.fromTransaction( em -> pgx( em ).onConflict( Event.class, TENANT_NAME )
				.doUpdate().where( excluded( "hits" ).gt( existing( "hits" ) ) )
				.insertForResult( event( "b", "y", 0 ) ) );
		assertThat( List.of( inserted.outcome(), updated.outcome(), nothing.outcome(), refused.outcome() ) )
				.containsExactly( RowOutcome.INSERTED, RowOutcome.UPDATED, RowOutcome.UNCHANGED, RowOutcome.UNCHANGED );
		assertThat( List.of( updated.id(), nothing.id(), refused.id() ) ).containsOnly( inserted.id() );
		assertThat( db.rows( "SELECT hits FROM events_b" ) ).containsExactly( Map.of( "hits", 2 ) );
	}

	@Test
	void upsertAndGetReturnsTheEntityOfEitherOutcome() {
		Event created = db.fromTransaction( em -> pgx( em ).upsertAndGet( Event.class, TENANT_NAME, event( "zz", "q", 1 ) ) );
		Event updated = db.fromTransaction( em -> pgx( em ).upsertAndGet( TENANT_NAME, new Event( "zz", "q", 9 ) ) );
		assertThat( updated.id ).isEqualTo( created.id );
		assertThat( updated.hits ).isEqualTo( 9 );
		assertThat( db.rows( "SELECT id, hits FROM events_other" ) ).containsExactly( Map.of( "id", created.id, "hits", 9 ) );
	}

	@Test
	void manyRowsAcrossPartitionsHalfPresentHaveExactOutcomes() {
		String[] tenants = { "a", "b", "c", "d" }; // c and d go to the DEFAULT partition
		int n = 6_000;
		List<Map<String, Object>> present = new ArrayList<>();
		for ( int i = 0; i < n; i += 2 ) {
			present.add( event( tenants[i % 4], "k" + i, 1 ) );
		}
		db.inTransaction( em -> pgx( em ).bulkUpsertMaps( Event.class, TENANT_NAME, present ) );
		List<Map<String, Object>> all = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			all.add( event( tenants[i % 4], "k" + i, 10 ) );
		}
		List<ConflictResult> results = db.fromTransaction( em -> pgx( em ).onConflict( Event.class, TENANT_NAME )
				.doUpdate().set( "hits", existing( "hits" ).plus( excluded( "hits" ) ) )
				.bulkInsertMapsForResults( all ) );
		assertThat( results ).hasSize( n );
		for ( int i = 0; i < n; i++ ) {
			assertThat( results.get( i ).outcome() ).as( "row %d", i )
					.isEqualTo( i % 2 == 0 ? RowOutcome.UPDATED : RowOutcome.INSERTED );
		}
		Map<Object, Object> idsByName = new HashMap<>();
		for ( Map<String, Object> row : db.rows( "SELECT name, id FROM events" ) ) {
			idsByName.put( row.get( "name" ), row.get( "id" ) );
		}
		for ( int i = 0; i < n; i++ ) {
			assertThat( results.get( i ).id() ).isEqualTo( idsByName.get( "k" + i ) );
		}
		assertThat( db.rows( "SELECT tableoid::regclass::text AS part, count(*) AS n, sum(hits) AS s FROM events"
				+ " GROUP BY 1 ORDER BY 1" ) ).containsExactly(
						Map.of( "part", "events_a", "n", 1500L, "s", 1500L * 10 + 1500L ),
						Map.of( "part", "events_b", "n", 1500L, "s", 1500L * 10 ),
						Map.of( "part", "events_other", "n", 3000L, "s", 3000L * 10 + 1500L ) );
	}

	@Test
	void bulkNothingReportsExistingRowsUnchangedAndTheirIds() {
		Long existing = db.fromTransaction( em -> pgx( em ).upsert( Event.class, TENANT_NAME, event( "a", "old", 1 ) ) );
		List<ConflictResult> results = db.fromTransaction( em -> pgx( em )
				.onConflict( Event.class, TENANT_NAME, ConflictAction.NOTHING )
				.bulkInsertMapsForResults( List.of( event( "b", "new", 1 ), event( "a", "old", 7 ), event( "a", "new", 1 ) ) ) );
		assertThat( results ).extracting( ConflictResult::outcome )
				.containsExactly( RowOutcome.INSERTED, RowOutcome.UNCHANGED, RowOutcome.INSERTED );
		assertThat( results.get( 1 ).id() ).isEqualTo( existing );
		assertThat( db.count( "events" ) ).isEqualTo( 3 );
		assertThat( db.rows( "SELECT hits FROM events WHERE name = 'old'" ) ).containsExactly( Map.of( "hits", 1 ) );
	}

	@Test
	void rangePartitionsWithACompositePrimaryKey() {
		LocalDate d2024 = LocalDate.of( 2024, 6, 1 );
		LocalDate d2025 = LocalDate.of( 2025, 2, 3 );
		db.inTransaction( em -> em.persist( new Reading( "s1", d2024, 1 ) ) );
		List<ConflictResult> results = db.fromTransaction( em -> pgx( em )
				.onConflict( Reading.class, ConflictTarget.primaryKey() ).doUpdate()
				.bulkInsertForResults( List.of( new Reading( "s1", d2024, 2 ), new Reading( "s1", d2025, 3 ),
						new Reading( "s2", d2024, 4 ) ) ) );
		assertThat( results ).extracting( ConflictResult::outcome )
				.containsExactly( RowOutcome.UPDATED, RowOutcome.INSERTED, RowOutcome.INSERTED );
		assertThat( results.get( 0 ).id() ).isEqualTo( new Reading.Key( "s1", d2024 ) );
		assertThat( db.rows( "SELECT tableoid::regclass::text AS part, sensor, value FROM readings ORDER BY sensor, day" ) )
				.containsExactly( Map.of( "part", "readings_2024", "sensor", "s1", "value", 2 ),
						Map.of( "part", "readings_2025", "sensor", "s1", "value", 3 ),
						Map.of( "part", "readings_2024", "sensor", "s2", "value", 4 ) );
		Reading single = db.fromTransaction( em -> pgx( em ).upsertAndGet( ConflictTarget.primaryKey(),
				new Reading( "s1", d2025, 30 ) ) );
		assertThat( single.value ).isEqualTo( 30 );
		assertThat( db.count( "readings_2025" ) ).isEqualTo( 1 );
	}

	@Test
	void partitionedStatementsReturnNoSystemColumnAndReadOutcomesAsTheServerAllows() {
		int major = serverMajor();
		db.clearSql();
		db.inTransaction( em -> pgx( em ).upsert( Event.class, TENANT_NAME, event( "a", "sql", 1 ) ) );
		List<String> sql = db.sql();
		assertThat( sql ).noneSatisfy( s -> assertThat( s ).contains( "pgx_t.xmax" ) );
		if ( major >= 18 ) {
			// RETURNING old: one statement
			assertThat( sql ).singleElement().satisfies( s -> assertThat( s ).contains( "(old.\"id\" IS NULL) AS pgx_inserted" ) );
		}
		else {
			// the upsert, then xmax read back by conflict key
			assertThat( sql ).hasSize( 2 );
			assertThat( sql.get( 1 ) ).startsWith( "WITH pgx_in" ).contains( "SELECT xmax AS pgx_xmax" )
					.doesNotContain( "INSERT" );
		}
	}

	/**
	 * The one documented inexactness before PostgreSQL 18: a conflict key with a NULL part cannot be looked up by
	 * key afterwards, so the row is reported INSERTED; that is exact under NULLS DISTINCT (such a row never
	 * conflicts) but not under NULLS NOT DISTINCT (PostgreSQL 15+), where PostgreSQL updates the existing row.
	 */
	@Test
	void aNullKeyPartUnderNullsNotDistinctIsReportedInsertedBefore18() {
		int major = serverMajor();
		assumeTrue( major >= 15, "NULLS NOT DISTINCT needs PostgreSQL 15" );
		db.execute( """
				CREATE TABLE IF NOT EXISTS coded (id bigserial NOT NULL, tenant text NOT NULL, code text,
				    hits int NOT NULL DEFAULT 0, PRIMARY KEY (tenant, id),
				    CONSTRAINT coded_key UNIQUE NULLS NOT DISTINCT (tenant, code)) PARTITION BY LIST (tenant)""" );
		db.execute( "CREATE TABLE IF NOT EXISTS coded_a PARTITION OF coded FOR VALUES IN ('a')" );
		db.execute( "TRUNCATE coded" );
		Map<String, Object> row = new HashMap<>( Map.of( "tenant", "a", "hits", 1 ) );
		row.put( "code", null );
		ConflictTarget target = ConflictTarget.attributes( "tenant", "code" );
		ConflictResult first = db.fromTransaction( em -> pgx( em ).onConflict( Coded.class, target )
				.doUpdate().insertForResult( row ) );
		row.put( "hits", 2 );
		ConflictResult second = db.fromTransaction( em -> pgx( em ).onConflict( Coded.class, target )
				.doUpdate().insertForResult( row ) );
		assertThat( first.outcome() ).isEqualTo( RowOutcome.INSERTED );
		assertThat( second.id() ).isEqualTo( first.id() );
		assertThat( db.rows( "SELECT count(*) AS n, max(hits) AS h FROM coded" ) ).containsExactly( Map.of( "n", 1L, "h", 2 ) );
		assertThat( second.outcome() ).isEqualTo( major >= 18 ? RowOutcome.UPDATED : RowOutcome.INSERTED );
	}

	@Test
	void aTargetFilledByTheDatabaseIsRefusedBefore18AndExactFrom18() {
		ConflictTarget tenantId = ConflictTarget.attributes( "tenant", "id" ); // id comes from the bigserial default
		if ( serverMajor() >= 18 ) {
			ConflictResult result = db.fromTransaction( em -> pgx( em ).onConflict( Event.class, tenantId )
					.doUpdate().insertForResult( event( "a", "dflt", 1 ) ) );
			assertThat( result.outcome() ).isEqualTo( RowOutcome.INSERTED );
			assertThat( db.count( "events" ) ).isEqualTo( 1 );
		}
		else {
			assertThatThrownBy( () -> db.inTransaction( em -> pgx( em ).onConflict( Event.class, tenantId )
					.doUpdate().insertForResult( event( "a", "dflt", 1 ) ) ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "is not among the given values, and table" )
					.hasMessageContaining( "is partitioned (LIST (tenant))" )
					.hasMessageContaining( "Give the target attributes [tenant, id] in the values" );
			assertThat( db.count( "events" ) ).isZero();
		}
	}

	private static int serverMajor() {
		return ( (Number) db.rows( "SELECT current_setting('server_version_num')::int / 10000 AS v" ).get( 0 )
				.get( "v" ) ).intValue();
	}

	@Test
	void movingARowToAnotherPartitionIsRefusedInOurWords() {
		db.inTransaction( em -> pgx( em ).upsert( Event.class, TENANT_NAME, event( "a", "mover", 1 ) ) );
		assertThatThrownBy( () -> db.inTransaction( em -> pgx( em ).onConflict( Event.class, TENANT_NAME )
				.doUpdate().set( "tenant", value( "b" ) )
				.insert( event( "a", "mover", 2 ) ) ) )
				.isInstanceOf( PersistenceException.class )
				.hasMessageContaining( "would move it to another partition of table" )
				.hasMessageContaining( "LIST (tenant)" )
				.hasMessageContaining( "[tenant]" );
		assertThat( db.rows( "SELECT tenant, hits FROM events" ) ).containsExactly( Map.of( "tenant", "a", "hits", 1 ) );
	}

	@Test
	void aTargetWithoutThePartitionKeySaysWhy() {
		assertThatThrownBy( () -> db.inTransaction( em -> pgx( em ).upsert( Event.class,
				ConflictTarget.attributes( "name" ), event( "a", "n", 1 ) ) ) )
				.isInstanceOf( ConflictTargetException.class )
				.hasMessageContaining( "unique indexes of a partitioned table must include its partition key [tenant]" )
				.hasMessageContaining( "LIST (tenant)" );
	}

	@Test
	void primaryKeyOnAnIdThatIsNotTheTablesKeyHintsAtTheRealOne() {
		assertThatThrownBy( () -> db.inTransaction( em -> pgx( em ).upsert( Event.class,
				ConflictTarget.primaryKey(), Map.of( "id", 1L, "tenant", "a", "name", "n", "hits", 1 ) ) ) )
				.isInstanceOf( ConflictTargetException.class )
				.hasMessageContaining( "the table's primary key is [tenant, id]" )
				.hasMessageContaining( "ConflictTarget.constraint(\"events_pkey\")" );
		db.inTransaction( em -> pgx( em ).upsert( Event.class, ConflictTarget.constraint( "events_pkey" ),
				Map.of( "id", 1L, "tenant", "a", "name", "n", "hits", 1 ) ) );
		ConflictResult again = db.fromTransaction( em -> pgx( em ).onConflict( Event.class,
				ConflictTarget.attributes( "tenant", "id" ) ).doUpdate()
				.insertForResult( Map.of( "id", 1L, "tenant", "a", "name", "n2", "hits", 2 ) ) );
		assertThat( again.outcome() ).isEqualTo( RowOutcome.UPDATED );
		assertThat( db.rows( "SELECT id, name, hits FROM events" ) )
				.containsExactly( Map.of( "id", 1L, "name", "n2", "hits", 2 ) );
	}
}
