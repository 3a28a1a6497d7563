package io.pgextra.hibernate.test.conflict;

import static io.pgextra.hibernate.ConflictExpression.existing;
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
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.persistence.EntityManager;

/**
 * What a call returns for a row it left alone (DO NOTHING, or DO UPDATE ... WHERE false) is that row as committed
 * when the call returns: never a row a concurrent transaction deleted meanwhile, never a version older than the one
 * the conflict was detected against. Each test waits until the call's backend is really blocked (pg_locks).
 */
class LeftAloneRowsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	private final ExecutorService pool = Executors.newSingleThreadExecutor();
	private Connection other;

	@BeforeEach
	void seed() throws Exception {
		db.execute( "TRUNCATE tally" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( Tally.class, NAME, List.of(
				row( "blocker", "old" ), row( "k", "old" ) ) ) );
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

	private static Map<String, Object> row(String name, String label) {
		return Map.of( "name", name, "label", label, "hits", 0 );
	}

	private long id(String name) {
		return ( (Number) db.rows( "SELECT id FROM tally WHERE name = ?", name ).get( 0 ).get( "id" ) ).longValue();
	}

	private void otherRuns(String sql) throws Exception {
		try ( Statement st = other.createStatement() ) {
			st.execute( sql );
		}
	}

	private <R> R whileBlocked(Callable<R> call, String thenOtherRuns) throws Exception {
		Future<R> result = pool.submit( call );
		db.awaitLockWaiters( 1, java.time.Duration.ofSeconds( 30 ) ); // the call is blocked
		if ( thenOtherRuns != null ) {
			db.execute( thenOtherRuns ); // a third transaction, committed while the call waits
		}
		other.commit();
		return result.get( 30, TimeUnit.SECONDS );
	}

	private static InsertStep<Tally> nothing(EntityManager em) {
		return PgExtraEntityManager.of( em ).onConflict( Tally.class, NAME, ConflictAction.NOTHING );
	}

	private static InsertStep<Tally> updateWhereFalse(EntityManager em) {
		return PgExtraEntityManager.of( em ).onConflict( Tally.class, NAME ).doUpdate()
				.where( existing( "hits" ).lt( existing( "hits" ) ) );
	}

	@Test
	void aRowUpdatedWhileTheCallWaitsIsReturnedAsCommitted() throws Exception {
		otherRuns( "UPDATE tally SET label = 'new', version = version + 1 WHERE name = 'k'" );
		Tally got = whileBlocked( () -> db.fromTransaction(
				em -> nothing( em ).insertAndGet( row( "k", "mine" ) ) ), null );
		assertThat( got.label ).isEqualTo( "new" );
		assertThat( got.version ).isEqualTo( 1L );
	}

	@Test
	void aRowUpdatedWhileABulkCallWaitsIsReturnedAsCommitted() throws Exception {
		otherRuns( "UPDATE tally SET label = 'new', version = version + 1 WHERE name = 'k'" );
		List<Tally> got = whileBlocked( () -> db.fromTransaction( em -> updateWhereFalse( em ).bulkInsertMapsAndGet(
				List.of( row( "k", "mine" ), row( "fresh", "mine" ) ) ) ), null );
		assertThat( got ).extracting( t -> t.name + "/" + t.label + "/" + t.version )
				.containsExactly( "k/new/1", "fresh/mine/0" );
	}

	@Test
	void aRowDeletedAndInsertedAgainWhileTheCallWaitsIsNeverReturned() throws Exception {
		long blocker = id( "blocker" );
		otherRuns( "UPDATE tally SET label = 'b' WHERE name = 'blocker'" );
		List<Map<String, Object>> got = whileBlocked( () -> db.fromTransaction( em -> nothing( em ).bulkInsertMaps(
				List.of( row( "blocker", "mine" ), row( "k", "mine" ) ) ) ),
				"DELETE FROM tally WHERE name = 'k'; INSERT INTO tally (id, name, label, hits, version)"
						+ " VALUES (1000000, 'k', 'again', 0, 0)" );
		assertThat( got ).extracting( r -> ( (Number) r.get( "id" ) ).longValue() ).containsExactly( blocker, 1_000_000L );
	}

	@Test
	void underUpdateWhereFalseADeletedRowIsNeverReturnedEither() throws Exception {
		otherRuns( "UPDATE tally SET label = 'b' WHERE name = 'blocker'" );
		List<Tally> got = whileBlocked( () -> db.fromTransaction( em -> updateWhereFalse( em ).bulkInsertMapsAndGet(
				List.of( row( "blocker", "mine" ), row( "k", "mine" ) ) ) ),
				"DELETE FROM tally WHERE name = 'k'; INSERT INTO tally (id, name, label, hits, version)"
						+ " VALUES (1000000, 'k', 'again', 0, 0)" );
		assertThat( got ).extracting( t -> t.id + "/" + t.label ).containsExactly( id( "blocker" ) + "/b", "1000000/again" );
		// the returned entity is the real row: changing it writes that row
		db.inTransaction( em -> em.merge( got.get( 1 ) ).label = "merged" );
		assertThat( db.rows( "SELECT label FROM tally WHERE id = 1000000" ) ).containsExactly( Map.of( "label", "merged" ) );
	}
}
