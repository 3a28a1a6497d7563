package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.LockModeType;
import org.assertj.core.api.SoftAssertions;
import org.hibernate.Session;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A call returning ids runs through Hibernate's JDBC layer, one returning entities through a native query: both
 * behave alike. Each test runs the same situation through both paths ({@code upsert} and {@code upsertAndGet}) and
 * compares: a pending JDBC batch (a forced version increment) is left for the commit, odd query timeout hints fail or
 * pass alike, {@code hibernate.use_sql_comments} comments the SQL alike, a failure has the same type, cause and
 * constraint, and {@code Session#cancelQuery()} cancels the waiting statement.
 */
class DirectNativeParityTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class )
			.property( AvailableSettings.GENERATE_STATISTICS, "true" )
			.property( AvailableSettings.USE_SQL_COMMENTS, "true" );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );
	private static int counter;

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tally" );
		db.execute( "ALTER TABLE tally DROP CONSTRAINT IF EXISTS tally_hits_not_negative" );
		// warm the catalog cache
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, NAME, Map.of( "name", "warm", "hits", 1 ) ) );
	}

	private static Object call(EntityManager em, boolean entities, String name, int hits) {
		var pg = PgExtraEntityManager.of( em );
		return entities
				? pg.upsertAndGet( Tally.class, NAME, Map.of( "name", name, "hits", hits ) )
				: pg.<Tally, Long> upsert( Tally.class, NAME, Map.of( "name", name, "hits", hits ) );
	}

	// a pending JDBC batch: PESSIMISTIC_FORCE_INCREMENT's version update, executed at the flush or commit

	private long versionSeenAfterCall(boolean entities) {
		db.execute( "DELETE FROM tally WHERE id = 1" );
		db.execute( "INSERT INTO tally (id, name, hits, version) VALUES (1, 'held', 0, 0)" );
		return db.fromTransaction( em -> {
			em.find( Tally.class, 1L, LockModeType.PESSIMISTIC_FORCE_INCREMENT );
			call( em, entities, "other" + counter++, 1 );
			return em.unwrap( Session.class ).doReturningWork( c -> {
				try ( var st = c.createStatement(); var rs = st.executeQuery( "SELECT version FROM tally WHERE id = 1" ) ) {
					rs.next();
					return rs.getLong( 1 );
				}
			} );
		} );
	}

	@Test
	void aPendingJdbcBatchIsLeftForTheCommitOnBothPaths() {
		long nativePath = versionSeenAfterCall( true );
		long direct = versionSeenAfterCall( false );
		assertThat( direct ).as( "version of the force-incremented row right after the call (native path saw %s)", nativePath )
				.isEqualTo( nativePath );
	}

	// the query timeout hint's odd values: negative, not an integer, padded, not a number, rounded to 0 s

	private String timeoutOutcome(Object value, boolean entities) {
		EntityManager em = db.emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			em.setProperty( "jakarta.persistence.query.timeout", value );
			tx.begin();
			Throwable t = catchThrowable( () -> call( em, entities, "t" + counter++, 1 ) );
			return ( t == null ? "ok" : t.getClass().getName() + ": " + cause( t ) ) + " / rollbackOnly=" + tx.getRollbackOnly();
		}
		finally {
			if ( tx.isActive() ) {
				tx.rollback();
			}
			em.close();
		}
	}

	@Test
	void oddQueryTimeoutHints() {
		SoftAssertions soft = new SoftAssertions();
		for ( Object value : new Object[] { -1000, 1500.0, " 1000", "abc", 300 } ) {
			String nativePath = timeoutOutcome( value, true );
			String direct = timeoutOutcome( value, false );
			soft.assertThat( direct ).as( "timeout hint %s (%s)", value, value.getClass().getSimpleName() ).isEqualTo( nativePath );
		}
		soft.assertAll();
	}

	@Test
	void sqlCommentIsTheSame() {
		db.clearSql();
		db.inTransaction( em -> call( em, true, "c1", 1 ) );
		String nativeSql = db.sql().stream().filter( s -> s.contains( "ON CONFLICT" ) ).findFirst().orElseThrow();
		db.clearSql();
		db.inTransaction( em -> call( em, false, "c2", 1 ) );
		String directSql = db.sql().stream().filter( s -> s.contains( "ON CONFLICT" ) ).findFirst().orElseThrow();
		assertThat( directSql.substring( 0, 30 ) ).isEqualTo( nativeSql.substring( 0, 30 ) );
	}

	private String failureMessage(boolean entities) {
		EntityManager em = db.emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			Throwable t = catchThrowable( () -> call( em, entities, "bad", -1 ) );
			return t.getClass().getName() + ": " + cause( t ) + ", constraint "
					+ ( (ConstraintViolationException) t ).getConstraintName();
		}
		finally {
			tx.rollback();
			em.close();
		}
	}

	/**
	 * What PostgreSQL or the driver said: the first line of the first bracket of a JDBCException's message. The text before it is
	 * Hibernate's and differs ("could not extract ResultSet" against "JDBC exception executing SQL", see
	 * CHANGELOG), the SQL after it too (entities are returned by another statement).
	 */
	private static String cause(Throwable t) {
		String m = String.valueOf( t.getMessage() );
		int open = m.indexOf( '[' );
		String said = open < 0 ? m : m.substring( open, m.indexOf( ']', open ) + 1 );
		// without PostgreSQL's Detail line, which shows the row (its generated id differs)
		return said.lines().findFirst().orElse( said );
	}

	@Test
	void failureMessageIsTheSame() {
		db.execute( "ALTER TABLE tally ADD CONSTRAINT tally_hits_not_negative CHECK (hits >= 0)" );
		assertThat( failureMessage( false ) ).isEqualTo( failureMessage( true ) );
	}

	private String cancelOutcome(boolean entities) throws Exception {
		db.execute( "DELETE FROM tally WHERE id = 1 OR name = 'held'" );
		db.execute( "INSERT INTO tally (id, name, hits, version) VALUES (1, 'held', 0, 0)" );
		try ( HeldRow held = HeldRow.lock( db, "SELECT * FROM tally WHERE name = 'held' FOR UPDATE" ) ) {
			EntityManager em = db.emf().createEntityManager();
			EntityTransaction tx = em.getTransaction();
			try {
				tx.begin();
				Future<String> call = held.submit( () -> {
					Throwable t = catchThrowable( () -> call( em, entities, "held", 5 ) );
					return t == null ? "returned normally" : "cancelled (" + t.getClass().getSimpleName() + ")";
				} );
				db.awaitLockWaiters( 1, Duration.ofSeconds( 20 ) );
				em.unwrap( Session.class ).cancelQuery();
				return held.awaitOr( call, Duration.ofSeconds( 5 ),
						() -> "not cancelled: still waiting for the lock 5 s after Session.cancelQuery()" );
			}
			finally {
				if ( tx.isActive() ) {
					tx.rollback();
				}
				em.close();
			}
		}
	}

	@Test
	void sessionCancelQueryCancelsTheStatement() throws Exception {
		String nativePath = cancelOutcome( true );
		String direct = cancelOutcome( false );
		assertThat( direct ).isEqualTo( nativePath );
	}

	// the force-increment's pending version update, then an upsert of the same row: one commit, as before

	private String commitOutcome(boolean entities) {
		db.execute( "DELETE FROM tally WHERE id = 1 OR name = 'held'" );
		db.execute( "INSERT INTO tally (id, name, hits, version) VALUES (1, 'held', 0, 0)" );
		try {
			db.inTransaction( em -> {
				em.find( Tally.class, 1L, LockModeType.PESSIMISTIC_FORCE_INCREMENT );
				call( em, entities, "held", 9 );
			} );
			return "committed, row now " + db.rows( "SELECT hits, version FROM tally WHERE id = 1" );
		}
		catch (RuntimeException e) {
			return "failed: " + e.getClass().getName() + ", row now " + db.rows( "SELECT hits, version FROM tally WHERE id = 1" );
		}
	}

	@Test
	void forceIncrementThenUpsertOfTheSameRow() {
		String nativePath = commitOutcome( true );
		String direct = commitOutcome( false );
		assertThat( direct ).isEqualTo( nativePath );
	}
}
