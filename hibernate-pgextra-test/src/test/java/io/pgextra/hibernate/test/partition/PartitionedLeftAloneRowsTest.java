package io.pgextra.hibernate.test.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.partition.model.Event;
import io.pgextra.hibernate.test.partition.model.Reading;
import io.pgextra.hibernate.test.partition.model.Coded;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rows left alone on a partitioned table (the DEFAULT partition included) are returned as committed, as on an
 * ordinary table: never a row a concurrent transaction deleted while the call waited, never an older version, with
 * exact outcomes. Each test waits until the call's backend is really blocked (pg_locks).
 */
class PartitionedLeftAloneRowsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Event.class, Reading.class, Coded.class )
			.property( "hibernate.hbm2ddl.auto", "none" );

	private static final ConflictTarget TENANT_NAME = ConflictTarget.attributes( "tenant", "name" );

	private final ExecutorService pool = Executors.newSingleThreadExecutor();
	private Connection other;

	@BeforeAll
	static void tables() {
		PartitionedTables.create( db );
	}

	@BeforeEach
	void seed() throws Exception {
		PartitionedTables.truncate( db );
		// 'z' goes to the DEFAULT partition
		db.execute( "INSERT INTO events (id, tenant, name, hits) VALUES (1, 'a', 'blocker', 0), (2, 'z', 'k', 0)" );
		other = db.database().connect( db.schema() + ",public" );
		other.setAutoCommit( false );
	}

	@AfterEach
	void close() throws Exception {
		pool.shutdownNow();
		if ( other != null ) {
			other.rollback();
			other.close();
		}
	}

	private static Map<String, Object> event(String tenant, String name, int hits) {
		return Map.of( "tenant", tenant, "name", name, "hits", hits );
	}

	private <R> R whileBlocked(Callable<R> call, String thenOtherRuns) throws Exception {
		try ( Statement st = other.createStatement() ) {
			st.execute( "UPDATE events SET hits = 7 WHERE name = 'blocker'" );
		}
		Future<R> result = pool.submit( call );
		db.awaitLockWaiters( 1, java.time.Duration.ofSeconds( 30 ) ); // the call is blocked
		if ( thenOtherRuns != null ) {
			db.execute( thenOtherRuns ); // a third transaction, committed while the call waits
		}
		other.commit();
		return result.get( 30, TimeUnit.SECONDS );
	}

	@Test
	void aRowDeletedAndInsertedAgainWhileTheCallWaitsIsNeverReturned() throws Exception {
		List<ConflictResult> got = whileBlocked( () -> db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Event.class, TENANT_NAME, ConflictAction.NOTHING ).bulkInsertMapsForResults(
						List.of( event( "a", "blocker", 1 ), event( "z", "k", 1 ), event( "z", "new", 1 ) ) ) ),
				"DELETE FROM events WHERE name = 'k'; INSERT INTO events (id, tenant, name, hits) VALUES (1000000, 'z', 'k', 5)" );
		assertThat( got ).extracting( r -> r.id() + "/" + r.outcome() ).containsExactly(
				"1/" + RowOutcome.UNCHANGED, "1000000/" + RowOutcome.UNCHANGED, got.get( 2 ).id() + "/" + RowOutcome.INSERTED );
		assertThat( db.rows( "SELECT tableoid::regclass::text AS part, id, hits FROM events ORDER BY id" ) )
				.containsExactly( Map.of( "part", "events_a", "id", 1L, "hits", 7 ),
						Map.of( "part", "events_other", "id", got.get( 2 ).id(), "hits", 1 ),
						Map.of( "part", "events_other", "id", 1_000_000L, "hits", 5 ) );
	}

	@Test
	void aRowUpdatedWhileTheCallWaitsIsReturnedAsCommitted() throws Exception {
		List<Event> got = whileBlocked( () -> db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Event.class, TENANT_NAME, ConflictAction.NOTHING ).bulkInsertMapsAndGet(
						List.of( event( "a", "blocker", 1 ), event( "z", "k", 1 ) ) ) ),
				"UPDATE events SET hits = 9 WHERE name = 'k'" );
		assertThat( got ).extracting( e -> e.name + "/" + e.hits ).containsExactly( "blocker/7", "k/9" );
	}
}
