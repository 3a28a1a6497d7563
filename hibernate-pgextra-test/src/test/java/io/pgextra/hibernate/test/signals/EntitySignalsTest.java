package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Animal;
import io.pgextra.hibernate.test.signals.model.Cat;
import io.pgextra.hibernate.test.signals.model.Dog;
import io.pgextra.hibernate.test.signals.model.Named;
import io.pgextra.hibernate.test.signals.model.Note;

import org.hibernate.HibernateException;
import org.hibernate.Session;
import org.hibernate.SessionEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Entity operations: persist, merge, dirty flush, remove; receivers by class hierarchy; connect and disconnect. */
class EntitySignalsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class, Animal.class, Dog.class, Cat.class );

	private final List<SignalConnection> connections = new ArrayList<>();

	private static Signals signals() {
		return Signals.of( db.emf() );
	}

	private <T> Recorder<T> connect(Signal signal, Class<T> type) {
		Recorder<T> recorder = new Recorder<>();
		connections.add( signals().connect( signal, type, recorder ) );
		return recorder;
	}

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE note, note_tag, animal" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	@Test
	void persistSendsCreateAfterTheInsertWithKeyAndInstance() {
		List<Boolean> inserted = new ArrayList<>();
		Recorder<Note> creates = new Recorder<>();
		db.inTransaction( em -> {
			connections.add( signals().connect( Signal.CREATE, Note.class, event -> {
				inserted.add( exists( em, (Long) event.id() ) );
				creates.receive( event );
			} ) );
			Note note = new Note( "a", "x" );
			em.persist( note ); // IDENTITY: inserted at once
			assertThat( creates.events() ).singleElement().satisfies( event -> {
				assertThat( event.signal() ).isEqualTo( Signal.CREATE );
				assertThat( event.entityClass() ).isEqualTo( Note.class );
				assertThat( event.id() ).isEqualTo( note.id );
				assertThat( event.entity() ).isSameAs( note );
			} );
		} );
		assertThat( inserted ).containsExactly( true );
	}

	@Test
	void sequenceIdentifiersAreSignalledAtTheFlushThatInserts() {
		Recorder<Animal> creates = connect( Signal.CREATE, Animal.class );
		db.inTransaction( em -> {
			Animal animal = new Animal( "a" );
			em.persist( animal );
			assertThat( creates.events() ).isEmpty();
			em.flush();
			assertThat( creates.ids() ).containsExactly( animal.id );
		} );
	}

	@Test
	void mergeOfANewEntitySendsCreateAndOfAChangedOneUpdate() {
		Recorder<Note> creates = connect( Signal.CREATE, Note.class );
		Recorder<Note> updates = connect( Signal.UPDATE, Note.class );
		Note merged = db.fromTransaction( em -> em.merge( new Note( "m", "one" ) ) );
		assertThat( creates.ids() ).containsExactly( merged.id );
		assertThat( updates.events() ).isEmpty();

		merged.text = "two";
		db.inTransaction( em -> em.merge( merged ) );
		assertThat( updates.ids() ).containsExactly( merged.id );

		// unchanged: Hibernate writes nothing, so nothing is signalled
		db.inTransaction( em -> em.merge( merged ) );
		assertThat( updates.ids() ).hasSize( 1 );
		assertThat( creates.ids() ).hasSize( 1 );
	}

	@Test
	void dirtyEntitySendsUpdateAtFlush() {
		Long id = db.fromTransaction( em -> {
			Note note = new Note( "d", "one" );
			em.persist( note );
			return note.id;
		} );
		Recorder<Note> updates = connect( Signal.UPDATE, Note.class );
		db.inTransaction( em -> {
			Note note = em.find( Note.class, id );
			note.text = "two";
			assertThat( updates.events() ).isEmpty();
			em.flush();
			assertThat( updates.events() ).singleElement().satisfies( event -> {
				assertThat( event.id() ).isEqualTo( id );
				assertThat( event.entity() ).isSameAs( note );
			} );
		} );
	}

	@Test
	void removeSendsDeleteBeforeTheRowIsDeleted() {
		Long id = db.fromTransaction( em -> {
			Note note = new Note( "r", "one" );
			em.persist( note );
			return note.id;
		} );
		List<Boolean> present = new ArrayList<>();
		Recorder<Note> deletes = new Recorder<>();
		db.inTransaction( em -> {
			connections.add( signals().connect( Signal.DELETE, Note.class, event -> {
				present.add( exists( em, (Long) event.id() ) );
				deletes.receive( event );
			} ) );
			Note note = em.find( Note.class, id );
			em.remove( note );
			em.flush();
			assertThat( deletes.events() ).singleElement().satisfies( event -> assertThat( event.entity() ).isSameAs( note ) );
			assertThat( exists( em, id ) ).isFalse();
		} );
		assertThat( present ).containsExactly( true );
	}

	@Test
	void receiversGetTheRowsOfTheirClassAndItsSubclasses() {
		Recorder<Animal> animals = connect( Signal.CREATE, Animal.class );
		Recorder<Dog> dogs = connect( Signal.CREATE, Dog.class );
		Recorder<Named> named = connect( Signal.CREATE, Named.class );
		Recorder<Object> everything = connect( Signal.CREATE, Object.class );
		db.inTransaction( em -> {
			em.persist( new Dog( "rex" ) );
			em.persist( new Cat( "tom" ) );
			em.persist( new Animal( "x" ) );
			em.persist( new Note( "n", null ) );
		} );
		assertThat( animals.events() ).extracting( SignalEvent::entityClass ).containsExactly( Dog.class, Cat.class, Animal.class );
		assertThat( dogs.events() ).extracting( SignalEvent::entityClass ).containsExactly( Dog.class );
		assertThat( named.events() ).hasSize( 3 );
		assertThat( everything.events() ).extracting( SignalEvent::entityClass )
				.containsExactlyInAnyOrder( Dog.class, Cat.class, Animal.class, Note.class );
		assertThat( signals().hasReceivers( Signal.CREATE, Cat.class ) ).isTrue();
		assertThat( signals().hasReceivers( Signal.DELETE, Cat.class ) ).isFalse();
	}

	@Test
	void disconnectedReceiversGetNothing() {
		Recorder<Note> byHandle = new Recorder<>();
		Recorder<Note> byReceiver = new Recorder<>();
		Recorder<Note> scoped = new Recorder<>();
		SignalConnection handle = signals().connect( Signal.CREATE, Note.class, byHandle );
		signals().connect( Signal.CREATE, Note.class, Delivery.AFTER_COMMIT, byReceiver );
		signals().connect( Signal.CREATE, Note.class, byReceiver );
		try ( SignalConnection c = signals().connect( Signal.CREATE, Note.class, scoped ) ) {
			db.inTransaction( em -> em.persist( new Note( "1", null ) ) );
			assertThat( c.isConnected() ).isTrue();
		}
		assertThat( handle.disconnect() ).isTrue();
		assertThat( handle.disconnect() ).isFalse();
		assertThat( handle.isConnected() ).isFalse();
		assertThat( signals().disconnect( Signal.CREATE, Note.class, byReceiver ) ).isTrue();
		assertThat( signals().disconnect( Signal.CREATE, Note.class, byReceiver ) ).isFalse();
		assertThat( signals().hasReceivers( Signal.CREATE, Note.class ) ).isFalse();

		db.inTransaction( em -> em.persist( new Note( "2", null ) ) );
		assertThat( byHandle.events() ).hasSize( 1 );
		assertThat( byReceiver.events() ).hasSize( 2 ); // connected twice, disconnected together
		assertThat( scoped.events() ).hasSize( 1 );
	}

	@Test
	void statelessSessionsSignalToo() {
		Recorder<Note> immediate = new Recorder<>();
		Recorder<Note> afterCommit = new Recorder<>();
		for ( Signal signal : Signal.values() ) {
			connections.add( signals().connect( signal, Note.class, immediate ) );
			connections.add( signals().connect( signal, Note.class, Delivery.AFTER_COMMIT, afterCommit ) );
		}
		if ( !HibernateCompat.get().version().atLeast( 7, 2 ) ) {
			// Hibernate 7.1 passes no session with a StatelessSession's events: a clear error, not a lost signal
			long before = db.count( "note" );
			assertThatThrownBy( () -> db.sessionFactory().inStatelessTransaction(
					session -> session.insert( new Note( "s", "one" ) ) ) )
					.isInstanceOf( HibernateException.class )
					.hasMessageContaining( "does not tell event listeners which StatelessSession wrote entity '" )
					.hasMessageContaining( "Note" )
					.hasMessageEndingWith( "write such entities with a Session, or use Hibernate ORM 7.2 or later" );
			assertThat( db.count( "note" ) ).isEqualTo( before ); // rolled back
			assertThat( immediate.events() ).isEmpty();
			return;
		}
		db.sessionFactory().inStatelessTransaction( session -> {
			Note note = new Note( "s", "one" );
			session.insert( note );
			note.text = "two";
			session.update( note );
			session.delete( note );
			assertThat( afterCommit.events() ).isEmpty();
		} );
		assertThat( immediate.signals() ).containsExactly( Signal.CREATE, Signal.UPDATE, Signal.DELETE );
		assertThat( afterCommit.signals() ).containsExactly( Signal.CREATE, Signal.UPDATE, Signal.DELETE );
	}

	@Test
	void receiversBelongToTheirFactoryAndEveryWayToReachItGivesTheSame() {
		db.inTransaction( em -> {
			assertThat( Signals.of( em ) ).isSameAs( signals() );
			assertThat( Signals.of( PgExtraEntityManager.of( em ) ) ).isSameAs( signals() );
			assertThat( Signals.of( em.unwrap( Session.class ).getSessionFactory() ) ).isSameAs( signals() );
		} );
		assertThatThrownBy( () -> signals().connect( null, Note.class, e -> {
		} ) ).isInstanceOf( NullPointerException.class ).hasMessageContaining( "signal" );
		assertThatThrownBy( () -> signals().connect( Signal.CREATE, Note.class, null ) )
				.isInstanceOf( NullPointerException.class ).hasMessageContaining( "receiver" );
	}

	/**
	 * With JDBC batching (the harness's batch size is 50), a statement with an immediate {@code CREATE} or
	 * {@code UPDATE} receiver is executed before the receiver runs, so that it is told of a written row; the
	 * statements of other entities are still batched, none is lost or executed twice.
	 */
	@Test
	void onlyRowsWithImmediateCreateOrUpdateReceiversLeaveTheirJdbcBatch() {
		int[] batches = new int[1];
		List<Integer> catAtCreate = new ArrayList<>();
		List<Integer> catAtUpdate = new ArrayList<>();
		// neither sends a row of Dog out of its batch: after commit, and DELETE (sent before the row is deleted)
		connections.add( signals().connect( Signal.CREATE, Dog.class, Delivery.AFTER_COMMIT, event -> {
		} ) );
		connect( Signal.DELETE, Dog.class );
		db.inTransaction( em -> {
			em.unwrap( Session.class ).addEventListeners( new SessionEventListener() {
				@Override
				public void jdbcExecuteBatchStart() {
					batches[0]++;
				}
			} );
			connections.add( signals().connect( Signal.CREATE, Cat.class,
					event -> catAtCreate.add( age( em, (Long) event.id() ) ) ) );
			connections.add( signals().connect( Signal.UPDATE, Cat.class,
					event -> catAtUpdate.add( age( em, (Long) event.id() ) ) ) );
			List<Animal> dogs = List.of( new Dog( "a" ), new Dog( "b" ), new Dog( "c" ) );
			List<Animal> cats = List.of( new Cat( "x" ), new Cat( "y" ) );
			dogs.forEach( em::persist );
			cats.forEach( em::persist );
			em.flush();
			assertThat( batches[0] ).as( "the three dogs' INSERTs in one batch, each cat's alone" ).isEqualTo( 3 );
			assertThat( catAtCreate ).as( "the cats' age as their CREATE receiver reads it" ).containsExactly( 0, 0 );

			batches[0] = 0;
			dogs.forEach( dog -> dog.age++ );
			em.flush();
			assertThat( batches[0] ).as( "the three dogs' UPDATEs in one batch" ).isEqualTo( 1 );

			batches[0] = 0;
			cats.forEach( cat -> cat.age++ );
			em.flush();
			assertThat( batches[0] ).as( "each cat's UPDATE alone" ).isEqualTo( 2 );
			assertThat( catAtUpdate ).as( "the cats' age as their UPDATE receiver reads it" ).containsExactly( 1, 1 );
		} );
		assertThat( db.count( "animal" ) ).isEqualTo( 5 );
		assertThat( db.count( "animal WHERE age = 1" ) ).isEqualTo( 5 );
	}

	/** The row's age on the session's own connection (the transaction's view), {@code null} without a row. */
	private static Integer age(jakarta.persistence.EntityManager em, Long id) {
		return em.unwrap( Session.class ).doReturningWork( c -> {
			try ( PreparedStatement ps = c.prepareStatement( "SELECT age FROM animal WHERE id = ?" ) ) {
				ps.setLong( 1, id );
				try ( ResultSet rs = ps.executeQuery() ) {
					return rs.next() ? rs.getInt( 1 ) : null;
				}
			}
		} );
	}

	private static boolean exists(jakarta.persistence.EntityManager em, Long id) {
		return em.unwrap( Session.class ).doReturningWork( c -> {
			try ( PreparedStatement ps = c.prepareStatement( "SELECT 1 FROM note WHERE id = ?" ) ) {
				ps.setLong( 1, id );
				try ( ResultSet rs = ps.executeQuery() ) {
					return rs.next();
				}
			}
		} );
	}
}
