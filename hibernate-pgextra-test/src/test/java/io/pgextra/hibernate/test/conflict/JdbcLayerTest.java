package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upsert returning ids or outcomes runs through Hibernate's JDBC layer without a native query around it: what the
 * native query gave still holds. The statement counts in Hibernate's statistics and goes through the
 * {@code StatementInspector}, the session's {@code jakarta.persistence.query.timeout} hint cancels it, pending
 * changes are flushed before it, and a failure is Hibernate's converted exception, naming the constraint, with the
 * transaction marked for rollback.
 */
class JdbcLayerTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class )
			.property( AvailableSettings.GENERATE_STATISTICS, "true" );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tally" );
		db.execute( "ALTER TABLE tally DROP CONSTRAINT IF EXISTS tally_hits_not_negative" );
	}

	@Test
	void anUpsertIsOnePreparedStatementInTheStatisticsAndTheInspector() {
		// the first call reads the table's catalog; the second is the one counted
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, NAME, Map.of( "name", "warm", "hits", 1 ) ) );
		Statistics statistics = db.sessionFactory().getStatistics();
		statistics.clear();
		db.clearSql();
		Long id = db.fromTransaction( em -> PgExtraEntityManager.of( em ).<Tally, Long> upsert( Tally.class, NAME, Map.of( "name", "a", "hits", 2 ) ) );
		assertThat( statistics.getPrepareStatementCount() ).isEqualTo( 1 );
		assertThat( statistics.getCloseStatementCount() ).isEqualTo( 1 );
		// not a query execution any more (CHANGELOG): no native query runs it
		assertThat( statistics.getQueryExecutionCount() ).isZero();
		assertThat( db.sql() ).hasSize( 1 );
		assertThat( db.sql().get( 0 ) ).contains( "INSERT INTO", "ON CONFLICT", "RETURNING" );
		assertThat( db.rows( "SELECT id, hits FROM tally WHERE name = 'a'" ) ).containsExactly( Map.of( "id", id, "hits", 2 ) );
	}

	@Test
	void pendingChangesAreFlushedBeforeTheStatement() {
		Long id = db.fromTransaction( em -> {
			Tally pending = new Tally();
			pending.name = "pending";
			pending.hits = 5;
			em.persist( pending );
			// the conflict is with the row persist left pending: it is flushed first, so the upsert updates it
			return PgExtraEntityManager.of( em ).<Tally, Long> upsert( Tally.class, NAME, Map.of( "name", "pending", "hits", 7 ) );
		} );
		assertThat( db.rows( "SELECT id, hits FROM tally" ) ).containsExactly( Map.of( "id", id, "hits", 7 ) );
	}

	@Test
	void aCheckConstraintFailureIsHibernatesExceptionNamingTheConstraint() {
		db.execute( "ALTER TABLE tally ADD CONSTRAINT tally_hits_not_negative CHECK (hits >= 0)" );
		EntityManager em = db.emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			Throwable failure = catchThrowable( () -> PgExtraEntityManager.of( em )
					.upsert( Tally.class, NAME, Map.of( "name", "bad", "hits", -1 ) ) );
			assertThat( failure ).isInstanceOf( ConstraintViolationException.class );
			assertThat( ( (ConstraintViolationException) failure ).getConstraintName() ).isEqualTo( "tally_hits_not_negative" );
			assertThat( ( (ConstraintViolationException) failure ).getSQL() ).contains( "INSERT INTO", "ON CONFLICT" );
			assertThat( tx.getRollbackOnly() ).as( "marked for rollback" ).isTrue();
		}
		finally {
			tx.rollback();
			em.close();
		}
		assertThat( db.count( "tally" ) ).isZero();
	}

	@Test
	void theSessionsQueryTimeoutHintCancelsAnUpsertThatWaitsForALock() throws Exception {
		db.execute( "INSERT INTO tally (id, name, hits, version) VALUES (1, 'held', 0, 0)" );
		try ( HeldRow held = HeldRow.lock( db, "SELECT * FROM tally WHERE name = 'held' FOR UPDATE" ) ) {
			EntityManager em = db.emf().createEntityManager();
			EntityTransaction tx = em.getTransaction();
			try {
				em.setProperty( "jakarta.persistence.query.timeout", 1000 );
				tx.begin();
				Throwable failure = held.awaitOr( held.submit( () -> catchThrowable( () -> PgExtraEntityManager.of( em )
						.upsert( Tally.class, NAME, Map.of( "name", "held", "hits", 1 ) ) ) ), Duration.ofSeconds( 30 ), () -> {
							throw new AssertionError( "the upsert still waited for the lock 30 s after its 1 s query timeout" );
						} );
				StringBuilder causes = new StringBuilder();
				for ( Throwable t = failure; t != null; t = t.getCause() ) {
					causes.append( t.getMessage() ).append( '\n' );
				}
				assertThat( causes.toString() ).contains( "canceling statement due to user request" );
			}
			finally {
				if ( tx.isActive() ) {
					tx.rollback();
				}
				em.close();
			}
		}
		assertThat( db.rows( "SELECT hits FROM tally" ) ).containsExactly( Map.of( "hits", 0 ) );
	}
}
