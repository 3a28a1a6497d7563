package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.RollbackException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A statement timeout in a later chunk of a call (the 3rd statement waits for a row another transaction locked)
 * fails the call with PostgreSQL's cause, marks the transaction for rollback, and a commit keeps none of the rows the
 * earlier chunks wrote.
 */
class StatementTimeoutTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tally" );
		// sorted last (rows go in key order): the last chunk conflicts with it
		db.execute( "INSERT INTO tally (id, name, hits, version) VALUES (1000000, 'zzz', 0, 0)" );
	}

	@Test
	void aTimeoutInALaterChunkKeepsNoneOfTheEarlierChunks() throws Exception {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < 25_000; i++ ) {
			Map<String, Object> row = new HashMap<>();
			row.put( "name", String.format( "k%05d", i ) );
			row.put( "hits", 1 );
			rows.add( row );
		}
		rows.add( new HashMap<>( Map.of( "name", "zzz", "hits", 1 ) ) );
		try ( Connection other = db.database().connect( db.schema() + ",public" ) ) {
			other.setAutoCommit( false );
			try ( Statement st = other.createStatement() ) {
				st.execute( "SELECT * FROM tally WHERE name = 'zzz' FOR UPDATE" );
			}
			EntityManager em = db.emf().createEntityManager();
			EntityTransaction tx = em.getTransaction();
			try {
				tx.begin();
				em.createNativeQuery( "SET LOCAL statement_timeout = '1s'" ).executeUpdate();
				Throwable failure = catchThrowable( () -> PgExtraEntityManager.of( em ).bulkUpsertMaps( Tally.class, NAME, rows ) );
				StringBuilder causes = new StringBuilder();
				for ( Throwable t = failure; t != null; t = t.getCause() ) {
					causes.append( t.getMessage() ).append( '\n' );
				}
				assertThat( causes.toString() ).contains( "canceling statement due to statement timeout" );
				assertThat( tx.getRollbackOnly() ).as( "marked for rollback" ).isTrue();
				try {
					tx.commit();
				}
				catch (RollbackException expected) {
					// under JPA transaction compliance
				}
			}
			finally {
				if ( tx.isActive() ) {
					tx.rollback();
				}
				em.close();
			}
			other.rollback();
		}
		assertThat( db.count( "tally" ) ).isEqualTo( 1 );
		assertThat( db.rows( "SELECT hits FROM tally" ) ).containsExactly( Map.of( "hits", 0 ) );
	}
}
