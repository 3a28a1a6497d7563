package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Note;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bulk statements of plain sessions and stateless sessions, running concurrently with other transactions: each acts
 * as of its row lock and signals exactly the rows it wrote. The other transactions are made to hold their row locks
 * until the bulk statements are seen waiting in {@code pg_locks}: no sleeps.
 */
class BulkSignalsConcurrencyTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class );

	private static final Duration TIMEOUT = Duration.ofSeconds( 30 );

	private final List<SignalConnection> connections = new ArrayList<>();
	private final ExecutorService threads = Executors.newFixedThreadPool( 2 );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE note, note_tag" );
	}

	@AfterEach
	void stop() throws InterruptedException {
		connections.forEach( SignalConnection::close );
		threads.shutdownNow();
		assertThat( threads.awaitTermination( TIMEOUT.toSeconds(), TimeUnit.SECONDS ) ).isTrue();
	}

	private List<Long> insertNotes() {
		return db.fromTransaction( em -> {
			List<Long> ids = new ArrayList<>();
			for ( int i = 0; i < 6; i++ ) {
				Note note = new Note( "n" + i, i % 2 == 0 ? "even" : "odd" );
				em.persist( note );
				ids.add( note.id );
			}
			return ids;
		} );
	}

	/**
	 * Another transaction holds a matching row and changes it so that it no longer matches; two bulk updates (a
	 * Session's and a StatelessSession's) wait for it. When it commits, each locks and updates the two rows that still
	 * match, and signals exactly those.
	 */
	@Test
	void twoWaitingUpdatesEachSignalExactlyTheRowsTheyUpdate() throws Exception {
		List<Long> ids = insertNotes();
		Recorder<Note> updates = new Recorder<>();
		connections.add( Signals.of( db.emf() ).connect( Signal.UPDATE, Note.class, updates ) );
		String hql = "update Note set hits = hits + 1 where text = 'even'";
		try ( Connection holder = db.database().connect( db.schema() + ",public" ) ) {
			holder.setAutoCommit( false );
			try ( Statement statement = holder.createStatement() ) {
				statement.executeUpdate( "UPDATE note SET text = 'odd' WHERE id = " + ids.get( 0 ) );
			}
			Future<Integer> session = threads.submit( () -> db.sessionFactory().fromTransaction(
					s -> s.createMutationQuery( hql ).executeUpdate() ) );
			Future<Integer> stateless = threads.submit( () -> db.sessionFactory().fromStatelessTransaction(
					s -> s.createMutationQuery( hql ).executeUpdate() ) );
			db.awaitLockWaiters( 2, TIMEOUT );
			assertThat( updates.events() ).isEmpty();
			holder.commit();
			assertThat( session.get( TIMEOUT.toSeconds(), TimeUnit.SECONDS ) ).isEqualTo( 2 );
			assertThat( stateless.get( TIMEOUT.toSeconds(), TimeUnit.SECONDS ) ).isEqualTo( 2 );
		}
		assertThat( updates.ids() ).hasSize( 4 ).containsOnly( ids.get( 2 ), ids.get( 4 ) );
		assertThat( db.count( "note WHERE hits = 2" ) ).isEqualTo( 2 );
		assertThat( db.count( "note WHERE hits = 0" ) ).isEqualTo( 4 );
	}

	/**
	 * A bulk delete waits for another transaction that makes one row stop matching and another start to match. The
	 * delete acts as of its row lock: the row that stopped matching is neither deleted nor signalled, and the row
	 * that started to match (unlocked when the delete locked) is left too: every deleted row was signalled.
	 */
	@Test
	void aWaitingDeleteActsAsOfItsRowLock() throws Exception {
		List<Long> ids = insertNotes();
		Recorder<Note> deletes = new Recorder<>();
		connections.add( Signals.of( db.emf() ).connect( Signal.DELETE, Note.class, deletes ) );
		try ( Connection holder = db.database().connect( db.schema() + ",public" ) ) {
			holder.setAutoCommit( false );
			try ( Statement statement = holder.createStatement() ) {
				statement.executeUpdate( "UPDATE note SET text = 'odd' WHERE id = " + ids.get( 2 ) );
				statement.executeUpdate( "UPDATE note SET text = 'even' WHERE id = " + ids.get( 1 ) );
			}
			Future<Integer> delete = threads.submit( () -> db.sessionFactory().fromStatelessTransaction(
					s -> s.createMutationQuery( "delete from Note where text = 'even'" ).executeUpdate() ) );
			db.awaitLockWaiters( 1, TIMEOUT );
			holder.commit();
			assertThat( delete.get( TIMEOUT.toSeconds(), TimeUnit.SECONDS ) ).isEqualTo( 2 );
		}
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( ids.get( 0 ), ids.get( 4 ) );
		assertThat( db.count( "note" ) ).isEqualTo( 4 );
		assertThat( db.count( "note WHERE id = " + ids.get( 2 ) ) ).isEqualTo( 1 );
		assertThat( db.count( "note WHERE id = " + ids.get( 1 ) + " AND text = 'even'" ) ).isEqualTo( 1 );
	}

}
