package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.hibernate.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Under REPEATABLE READ, a conflicting row committed after the transaction's snapshot is a serialization failure:
 * the call fails with that cause (SQLSTATE 40001, retry the transaction), marks the transaction for rollback, and
 * writes nothing.
 */
class RepeatableReadTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void seed() {
		db.execute( "TRUNCATE tally" );
		db.execute( "INSERT INTO tally (id, name, hits, label, version) VALUES (100000, 'k', 0, 'old', 0)" );
	}

	@ParameterizedTest
	@EnumSource(ConflictAction.class)
	void aRowChangedAfterTheSnapshotIsASerializationFailure(ConflictAction action) throws Exception {
		try ( Session session = db.sessionFactory().openSession();
				Connection other = db.database().connect( db.schema() + ",public" ) ) {
			session.beginTransaction();
			session.createNativeMutationQuery( "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ" ).executeUpdate();
			session.createNativeQuery( "SELECT count(*) FROM tally", Long.class ).getSingleResult(); // the snapshot
			try ( Statement st = other.createStatement() ) {
				st.execute( "UPDATE tally SET label = 'new', version = 1 WHERE name = 'k'" );
			}
			Throwable failure = catchThrowable( () -> PgExtraEntityManager.of( session ).onConflict( Tally.class, NAME, action )
					.bulkInsertMapsAndGet( List.of( Map.of( "name", "j", "label", "x", "hits", 0 ),
							Map.of( "name", "k", "label", "x", "hits", 0 ) ) ) );
			boolean rollbackOnly = session.getTransaction().getRollbackOnly();
			session.getTransaction().rollback();
			assertThat( failure ).isNotNull();
			StringBuilder causes = new StringBuilder();
			for ( Throwable t = failure; t != null; t = t.getCause() ) {
				causes.append( t.getClass().getName() ).append( ": " ).append( t.getMessage() ).append( '\n' );
			}
			assertThat( causes.toString() ).contains( "could not serialize access" );
			assertThat( rollbackOnly ).isTrue();
		}
		assertThat( db.rows( "SELECT name, label FROM tally" ) ).containsExactly( Map.of( "name", "k", "label", "new" ) );
	}
}
