package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.RollbackException;

/**
 * A failed call keeps none of its rows: it fails before its first statement when a value is bad, and marks the
 * transaction for rollback whatever failed, so a caller that catches the exception and commits keeps nothing.
 */
class AllOrNothingTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tally" );
		db.execute( "ALTER TABLE tally DROP CONSTRAINT IF EXISTS hits_small" );
	}

	private static List<Map<String, Object>> rows(int n) {
		List<Map<String, Object>> rows = new ArrayList<>( n );
		for ( int i = 0; i < n; i++ ) {
			Map<String, Object> row = new HashMap<>();
			row.put( "name", "n" + i );
			row.put( "hits", i );
			rows.add( row );
		}
		return rows;
	}

	/** Runs {@code call} in a transaction, expects it to fail, then commits as a careless caller would. */
	private void failThenCommit(java.util.function.Consumer<PgExtraEntityManager> call, Class<? extends Throwable> type,
			String message) {
		EntityManager em = db.emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			assertThatThrownBy( () -> call.accept( PgExtraEntityManager.of( em ) ) ).isInstanceOf( type )
					.hasMessageContaining( message );
			assertThat( tx.getRollbackOnly() ).as( "marked for rollback" ).isTrue();
			try {
				tx.commit(); // rolls back; throws RollbackException only under JPA transaction compliance
			}
			catch (RollbackException expected) {
				// the JPA way of saying the same
			}
		}
		finally {
			if ( tx.isActive() ) {
				tx.rollback();
			}
			em.close();
		}
	}

	@Test
	void aBadValueInALaterChunkWritesNothingAndMarksRollback() {
		List<Map<String, Object>> rows = rows( 30_000 );
		rows.get( 25_000 ).put( "hits", "abc" );
		db.clearSql();
		failThenCommit( pg -> pg.bulkUpsertMaps( Tally.class, NAME, rows ), IllegalArgumentException.class,
				"Row 25000 of the insert into entity 'io.pgextra.hibernate.test.conflict.model.Tally': attribute 'hits' is given a java.lang.String ('abc')" );
		assertThat( db.count( "tally" ) ).isZero();
		// converted before the first statement: no INSERT was even sent
		assertThat( db.sql() ).noneMatch( sql -> sql.contains( "INSERT" ) );
	}

	@Test
	void aConstraintViolatedInALaterChunkKeepsNoneOfTheEarlierChunks() {
		db.execute( "ALTER TABLE tally ADD CONSTRAINT hits_small CHECK (hits < 25000)" );
		failThenCommit( pg -> pg.bulkUpsertMaps( Tally.class, NAME, rows( 30_000 ) ), RuntimeException.class,
				"hits_small" );
		assertThat( db.count( "tally" ) ).isZero();
	}

	@Test
	void aReceiverThatThrowsKeepsNoneOfTheRows() {
		io.pgextra.hibernate.signals.SignalConnection veto = io.pgextra.hibernate.signals.Signals.of( db.emf() ).connect(
				io.pgextra.hibernate.signals.Signal.CREATE, Tally.class, event -> {
					throw new IllegalStateException( "veto" );
				} );
		try {
			failThenCommit( pg -> pg.bulkUpsertMaps( Tally.class, NAME, rows( 3 ) ), IllegalStateException.class, "veto" );
		}
		finally {
			veto.close();
		}
		assertThat( db.count( "tally" ) ).isZero();
	}

	@Test
	void anUnknownAttributeMarksRollbackToo() {
		failThenCommit( pg -> {
			pg.bulkUpsertMaps( Tally.class, NAME, rows( 3 ) );
			pg.bulkUpsertMaps( Tally.class, NAME, List.of( Map.of( "name", "x", "nope", 1 ) ) );
		}, IllegalArgumentException.class, "Unknown attribute 'nope'" );
		assertThat( db.count( "tally" ) ).isZero();
	}

	@Test
	void aSingleRowFailureMarksRollback() {
		failThenCommit( pg -> {
			pg.upsert( Tally.class, NAME, Map.of( "name", "a", "hits", 1 ) );
			pg.upsert( Tally.class, NAME, Map.of( "name", "b", "hits", 5_000_000_000L ) );
		}, IllegalArgumentException.class, "attribute 'hits' is given a java.lang.Long (5000000000)" );
		assertThat( db.count( "tally" ) ).isZero();
	}
}
