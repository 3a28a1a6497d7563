package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Note;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.RollbackException;
import io.pgextra.hibernate.test.StderrCapture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Immediate and after-commit delivery, rollback, and what a receiver's exception does. */
class SignalDeliveryTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class );

	private final List<SignalConnection> connections = new ArrayList<>();

	private static Signals signals() {
		return Signals.of( db.emf() );
	}

	private Recorder<Note> connectAll(Delivery delivery) {
		Recorder<Note> recorder = new Recorder<>();
		for ( Signal signal : Signal.values() ) {
			connections.add( signals().connect( signal, Note.class, delivery, recorder ) );
		}
		return recorder;
	}

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE note, note_tag" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	/** One transaction that writes with every kind of operation, in a known order. */
	private static void everyKindOfWrite(EntityManager em) {
		PgExtraEntityManager pg = PgExtraEntityManager.of( em );
		Note a = new Note( "a", "1" );
		pg.persist( a );                                                                   // CREATE a
		pg.upsert( Note.class, ConflictTarget.attributes( "name" ), Map.of( "name", "b", "text", "1", "hits", 0 ) ); // CREATE b
		a.text = "2";
		pg.flush();                                                                        // UPDATE a
		pg.createQuery( "update Note set hits = 1 where name = 'b'" ).executeUpdate();     // UPDATE b
		pg.remove( a );
		pg.flush();                                                                        // DELETE a
		pg.createQuery( "delete from Note where name = 'b'" ).executeUpdate();             // DELETE b
	}

	private static final List<String> EXPECTED = List.of( "CREATE a", "CREATE b", "UPDATE a", "UPDATE b", "DELETE a", "DELETE b" );

	private List<String> describe(Recorder<Note> recorder, Map<Object, String> names) {
		return recorder.events().stream().map( e -> e.signal() + " " + names.get( e.id() ) ).toList();
	}

	private Map<Object, String> namesOf(Recorder<Note> recorder) {
		Map<Object, String> names = new java.util.HashMap<>();
		for ( SignalEvent<Note> event : recorder.events() ) {
			if ( event.signal() == Signal.CREATE ) {
				names.put( event.id(), names.isEmpty() ? "a" : "b" );
			}
		}
		return names;
	}

	@Test
	void immediateReceiversAreCalledInStatementOrderInsideTheTransaction() {
		Recorder<Note> immediate = connectAll( Delivery.IMMEDIATE );
		Recorder<Note> afterCommit = connectAll( Delivery.AFTER_COMMIT );
		db.inTransaction( em -> {
			everyKindOfWrite( em );
			assertThat( describe( immediate, namesOf( immediate ) ) ).isEqualTo( EXPECTED );
			assertThat( afterCommit.events() ).isEmpty();
		} );
		assertThat( describe( afterCommit, namesOf( afterCommit ) ) ).isEqualTo( EXPECTED );
		assertThat( immediate.events() ).hasSize( 6 );
	}

	@Test
	void aRolledBackTransactionSendsNoAfterCommitSignal() {
		Recorder<Note> immediate = connectAll( Delivery.IMMEDIATE );
		Recorder<Note> afterCommit = connectAll( Delivery.AFTER_COMMIT );
		EntityManager em = db.emf().createEntityManager();
		try {
			EntityTransaction tx = em.getTransaction();
			tx.begin();
			everyKindOfWrite( em );
			tx.rollback();
		}
		finally {
			em.close();
		}
		assertThat( immediate.events() ).hasSize( 6 );
		assertThat( afterCommit.events() ).isEmpty();

		// the next transaction of another session delivers only its own signals
		db.inTransaction( em2 -> em2.persist( new Note( "c", null ) ) );
		assertThat( afterCommit.signals() ).containsExactly( Signal.CREATE );
	}

	@Test
	void afterCommitSignalsSurviveClearAndAreDeliveredOncePerTransaction() {
		Recorder<Note> afterCommit = connectAll( Delivery.AFTER_COMMIT );
		EntityManager em = db.emf().createEntityManager();
		try {
			em.getTransaction().begin();
			em.persist( new Note( "a", null ) );
			em.clear();
			em.getTransaction().commit();
			assertThat( afterCommit.signals() ).containsExactly( Signal.CREATE );

			em.getTransaction().begin();
			em.persist( new Note( "b", null ) );
			em.getTransaction().commit();
			assertThat( afterCommit.signals() ).containsExactly( Signal.CREATE, Signal.CREATE );
		}
		finally {
			em.close();
		}
	}

	@Test
	void anImmediateReceiversExceptionPropagatesAndTheTransactionRollsBack() {
		IllegalStateException refusal = new IllegalStateException( "no notes named x" );
		connections.add( signals().connect( Signal.CREATE, Note.class, event -> {
			if ( "x".equals( event.entity().name ) ) {
				throw refusal;
			}
		} ) );
		Recorder<Note> afterCommit = connectAll( Delivery.AFTER_COMMIT );
		EntityManager em = db.emf().createEntityManager();
		try {
			EntityTransaction tx = em.getTransaction();
			tx.begin();
			em.persist( new Note( "ok", null ) );
			assertThatThrownBy( () -> em.persist( new Note( "x", null ) ) ).isSameAs( refusal );
			assertThat( tx.getRollbackOnly() ).isTrue();
			try {
				tx.commit(); // rolls back; throws RollbackException only with hibernate.jpa.compliance.transaction
			}
			catch (RollbackException expected) {
				// fine either way
			}
			assertThat( tx.isActive() ).isFalse();
		}
		finally {
			em.close();
		}
		assertThat( db.count( "note" ) ).isZero();
		assertThat( afterCommit.events() ).isEmpty();
	}

	@Test
	void anImmediateReceiverCanVetoABulkDeleteBeforeAnyRowIsDeleted() {
		db.inTransaction( em -> {
			em.persist( new Note( "keep", null ) );
			em.persist( new Note( "other", null ) );
		} );
		connections.add( signals().connect( Signal.DELETE, Note.class, event -> {
			throw new IllegalStateException( "notes are forever" );
		} ) );
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete from Note" ).executeUpdate() ) )
				.isInstanceOf( IllegalStateException.class ).hasMessage( "notes are forever" );
		assertThat( db.count( "note" ) ).isEqualTo( 2 );
	}

	@Test
	void anAfterCommitReceiversExceptionIsLoggedAndTheOthersAreStillCalled() {
		connections.add( signals().connect( Signal.CREATE, Note.class, Delivery.AFTER_COMMIT, event -> {
			throw new IllegalStateException( "after-commit receiver failure (expected by the test)" );
		} ) );
		Recorder<Note> second = connectAll( Delivery.AFTER_COMMIT );
		try ( StderrCapture log = StderrCapture.start() ) {
			db.inTransaction( em -> {
				em.persist( new Note( "a", null ) );
				em.persist( new Note( "b", null ) );
			} );
			// logged at WARN with the exception, once per signal (README "Delivery")
			assertThat( log.count( "WARN io.pgextra.hibernate.internal.signals.SignalRegistry - After-commit receiver " ) )
					.isEqualTo( 2 );
			assertThat( log.count( "IllegalStateException: after-commit receiver failure (expected by the test)" ) )
					.isEqualTo( 2 );
		}
		assertThat( db.count( "note" ) ).isEqualTo( 2 );
		assertThat( second.signals() ).containsExactly( Signal.CREATE, Signal.CREATE );
	}

	@Test
	void aReceiverDisconnectedBeforeTheCommitIsNotCalled() {
		Recorder<Note> recorder = new Recorder<>();
		SignalConnection connection = signals().connect( Signal.CREATE, Note.class, Delivery.AFTER_COMMIT, recorder );
		db.inTransaction( em -> {
			em.persist( new Note( "a", null ) );
			connection.disconnect();
		} );
		assertThat( recorder.events() ).isEmpty();
	}
}
