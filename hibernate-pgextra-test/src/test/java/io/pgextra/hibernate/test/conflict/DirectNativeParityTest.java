package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Review of 610789d: the same call through the direct JDBC path (upsert returning an id) and through the native
 * query path (upsertAndGet, which still uses a NativeQuery) should behave the same.
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

	// ---- 1: a pending JDBC batch (PESSIMISTIC_FORCE_INCREMENT's version update) runs before the direct statement only

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

	// ---- 2: the query-timeout hint's odd values

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

	// ---- 3: hibernate.use_sql_comments

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

	// ---- 4: the converted exception's message

	private String failureMessage(boolean entities) {
		EntityManager em = db.emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			Throwable t = catchThrowable( () -> call( em, entities, "bad", -1 ) );
			return t.getClass().getName() + ": " + cause( t ) + ", constraint "
					+ ( (org.hibernate.exception.ConstraintViolationException) t ).getConstraintName();
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

	// ---- 5: Session#cancelQuery() from another thread

	private String cancelOutcome(boolean entities) throws Exception {
		db.execute( "DELETE FROM tally WHERE id = 1 OR name = 'held'" );
		db.execute( "INSERT INTO tally (id, name, hits, version) VALUES (1, 'held', 0, 0)" );
		java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
		try ( java.sql.Connection other = db.database().connect( db.schema() + ",public" ) ) {
			other.setAutoCommit( false );
			try ( java.sql.Statement st = other.createStatement() ) {
				st.execute( "SELECT * FROM tally WHERE name = 'held' FOR UPDATE" );
			}
			EntityManager em = db.emf().createEntityManager();
			EntityTransaction tx = em.getTransaction();
			try {
				tx.begin();
				var call = caller.submit( () -> catchThrowable( () -> call( em, entities, "held", 5 ) ) );
				db.awaitLockWaiters( 1, java.time.Duration.ofSeconds( 20 ) );
				em.unwrap( Session.class ).cancelQuery();
				try {
					Throwable t = call.get( 5, java.util.concurrent.TimeUnit.SECONDS );
					return t == null ? "returned normally" : "cancelled (" + t.getClass().getSimpleName() + ")";
				}
				catch (java.util.concurrent.TimeoutException stillWaiting) {
					other.rollback();
					call.get( 30, java.util.concurrent.TimeUnit.SECONDS );
					return "not cancelled: still waiting for the lock 5 s after Session.cancelQuery()";
				}
			}
			finally {
				if ( tx.isActive() ) {
					tx.rollback();
				}
				em.close();
				other.rollback();
			}
		}
		finally {
			caller.shutdownNow();
		}
	}

	@Test
	void sessionCancelQueryCancelsTheStatement() throws Exception {
		String nativePath = cancelOutcome( true );
		String direct = cancelOutcome( false );
		assertThat( direct ).isEqualTo( nativePath );
	}

	// ---- 6: consequence of 1: the force-increment's pending version update vs an upsert of the same row

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
