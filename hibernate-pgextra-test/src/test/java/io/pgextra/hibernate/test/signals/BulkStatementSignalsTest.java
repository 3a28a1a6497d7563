package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Animal;
import io.pgextra.hibernate.test.signals.model.Car;
import io.pgextra.hibernate.test.signals.model.Cat;
import io.pgextra.hibernate.test.signals.model.Dog;
import io.pgextra.hibernate.test.signals.model.Membership;
import io.pgextra.hibernate.test.signals.model.Named;
import io.pgextra.hibernate.test.signals.model.Note;
import io.pgextra.hibernate.test.signals.model.Vehicle;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.Query;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaDelete;
import jakarta.persistence.criteria.CriteriaUpdate;
import jakarta.persistence.criteria.Root;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bulk JPQL/HQL {@code update} and {@code delete} through {@code PgExtraEntityManager}: one signal per row. */
class BulkStatementSignalsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class, Animal.class, Dog.class, Cat.class,
			Vehicle.class, Car.class, Membership.class );

	private final List<SignalConnection> connections = new ArrayList<>();

	private Signals signals() {
		return Signals.of( db.emf() );
	}

	private <T> Recorder<T> connect(Signal signal, Class<T> type) {
		Recorder<T> recorder = new Recorder<>();
		connections.add( signals().connect( signal, type, recorder ) );
		return recorder;
	}

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE note, note_tag, animal, car, vehicle, membership" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	private List<Long> insertNotes(int n) {
		return db.fromTransaction( em -> {
			List<Long> ids = new ArrayList<>();
			for ( int i = 0; i < n; i++ ) {
				Note note = new Note( "n" + i, i % 2 == 0 ? "even" : "odd" );
				em.persist( note );
				ids.add( note.id );
			}
			return ids;
		} );
	}

	@Test
	void bulkUpdateOfAThousandRowsSendsExactlyAThousandSignalsWithTheirKeys() {
		List<Long> ids = insertNotes( 1_000 );
		insertNotes( 0 );
		Recorder<Note> updates = connect( Signal.UPDATE, Note.class );
		db.clearSql();
		int count = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "update Note set hits = hits + 1" ).executeUpdate() );
		assertThat( count ).isEqualTo( 1_000 );
		assertThat( updates.ids() ).hasSize( 1_000 ).containsExactlyInAnyOrderElementsOf( ids );
		assertThat( updates.signals() ).containsOnly( Signal.UPDATE );
		assertThat( updates.events() ).extracting( SignalEvent::entityClass ).containsOnly( Note.class );
		// the rows are locked first, then exactly those are updated (as a delete does): the statement acts as of its
		// row lock (until 0.1.x: one "update ... returning")
		assertThat( db.sql() ).hasSize( 2 );
		assertThat( db.sql().get( 0 ) ).startsWith( "select" ).endsWith( "for no key update of n1_0" );
		assertThat( db.sql().get( 1 ) ).startsWith( "update " + db.schema() + ".Note" ).endsWith( "= any (?)" )
				.doesNotContainIgnoringCase( "returning" );
		assertThat( db.count( "note WHERE hits = 1" ) ).isEqualTo( 1_000 );
	}

	@Test
	void bulkUpdateWithParametersSignalsOnlyTheRowsItHit() {
		List<Long> ids = insertNotes( 10 );
		Recorder<Note> updates = connect( Signal.UPDATE, Note.class );
		db.inTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "update Note n set n.text = :text where n.text = :old and n.id > :min" )
				.setParameter( "text", "changed" )
				.setParameter( "old", "even" )
				.setParameter( "min", ids.get( 3 ) )
				.executeUpdate() );
		assertThat( updates.ids() ).containsExactlyInAnyOrder( ids.get( 4 ), ids.get( 6 ), ids.get( 8 ) );
	}

	@Test
	void bulkDeleteSignalsEveryRowBeforeItIsDeleted() {
		List<Long> ids = insertNotes( 6 );
		db.inTransaction( em -> em.find( Note.class, ids.get( 0 ) ).tags.add( "x" ) );
		List<Boolean> stillThere = new ArrayList<>();
		Recorder<Note> deletes = new Recorder<>();
		connections.add( signals().connect( Signal.DELETE, Note.class, event -> {
			stillThere.add( db.count( "note WHERE id = " + event.id() ) == 1 ); // committed rows: visible elsewhere
			deletes.receive( event );
		} ) );
		db.clearSql();
		int count = db.fromTransaction( em -> {
			List<Boolean> inTransaction = new ArrayList<>();
			connections.add( signals().connect( Signal.DELETE, Note.class, event -> inTransaction.add(
					exists( em, "SELECT 1 FROM note WHERE id = ?", (Long) event.id() ) ) ) );
			int deleted = PgExtraEntityManager.of( em ).createQuery( "delete from Note where text = 'even'" ).executeUpdate();
			assertThat( inTransaction ).hasSize( 3 ).containsOnly( true );
			assertThat( exists( em, "SELECT 1 FROM note WHERE text = 'even'", null ) ).isFalse();
			return deleted;
		} );
		assertThat( count ).isEqualTo( 3 );
		assertThat( db.sql() ).hasSize( 3 );
		assertThat( db.sql().get( 0 ) ).startsWith( "select" ).endsWith( "for no key update of n1_0" );
		assertThat( db.sql().get( 1 ) ).startsWith( "delete from " + db.schema() + ".note_tag" );
		assertThat( db.sql().get( 2 ) ).startsWith( "delete from " + db.schema() + ".Note" ).endsWith( "= any (?)" );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( ids.get( 0 ), ids.get( 2 ), ids.get( 4 ) );
		assertThat( stillThere ).containsOnly( true );
		assertThat( db.count( "note" ) ).isEqualTo( 3 );
		assertThat( db.count( "note_tag" ) ).isZero();
	}

	@Test
	void bulkDeleteThatMatchesNothingSendsNothing() {
		insertNotes( 2 );
		Recorder<Note> deletes = connect( Signal.DELETE, Note.class );
		db.clearSql();
		int count = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete from Note where name = 'nobody'" ).executeUpdate() );
		assertThat( count ).isZero();
		assertThat( deletes.events() ).isEmpty();
		assertThat( db.sql() ).hasSize( 1 ).allMatch( sql -> sql.startsWith( "select" ) );
	}

	@Test
	void deleteSignalCarriesTheManagedInstance() {
		List<Long> ids = insertNotes( 2 );
		Recorder<Note> deletes = connect( Signal.DELETE, Note.class );
		db.inTransaction( em -> {
			Note managed = em.find( Note.class, ids.get( 1 ) );
			PgExtraEntityManager.of( em ).createQuery( "delete from Note" ).executeUpdate();
			assertThat( deletes.events() ).hasSize( 2 );
			assertThat( deletes.events().stream().filter( e -> e.id().equals( ids.get( 1 ) ) ).findFirst().orElseThrow().entity() )
					.isSameAs( managed );
			assertThat( deletes.events().stream().filter( e -> e.id().equals( ids.get( 0 ) ) ).findFirst().orElseThrow().entity() )
					.isNull();
		} );
	}

	@Test
	void criteriaAndNamedStatementsSignalToo() {
		List<Long> ids = insertNotes( 3 );
		Recorder<Note> updates = connect( Signal.UPDATE, Note.class );
		Recorder<Note> deletes = connect( Signal.DELETE, Note.class );
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			CriteriaBuilder cb = pg.getCriteriaBuilder();
			CriteriaUpdate<Note> update = cb.createCriteriaUpdate( Note.class );
			Root<Note> root = update.from( Note.class );
			update.set( root.get( "text" ), "criteria" ).where( cb.equal( root.get( "id" ), ids.get( 0 ) ) );
			assertThat( pg.createQuery( update ).executeUpdate() ).isEqualTo( 1 );

			CriteriaDelete<Note> delete = cb.createCriteriaDelete( Note.class );
			Root<Note> deleteRoot = delete.from( Note.class );
			delete.where( cb.equal( deleteRoot.get( "id" ), ids.get( 1 ) ) );
			assertThat( pg.createQuery( delete ).executeUpdate() ).isEqualTo( 1 );
		} );
		assertThat( updates.ids() ).containsExactly( ids.get( 0 ) );
		assertThat( deletes.ids() ).containsExactly( ids.get( 1 ) );
	}

	@Test
	void withoutReceiversTheStatementIsPlainHibernate() {
		insertNotes( 5 );
		// a receiver for another entity, and one for another signal of this entity
		connect( Signal.UPDATE, Animal.class );
		connect( Signal.DELETE, Note.class );

		db.clearSql();
		db.inTransaction( em -> em.createQuery( "update Note set hits = hits + 1 where text = :t" )
				.setParameter( "t", "odd" ).executeUpdate() );
		List<String> plain = db.sql();

		db.clearSql();
		db.inTransaction( em -> {
			Query query = PgExtraEntityManager.of( em ).createQuery( "update Note set hits = hits + 1 where text = :t" );
			assertThat( query ).isInstanceOf( em.createQuery( "update Note set hits = 0" ).getClass() );
			query.setParameter( "t", "odd" ).executeUpdate();
		} );
		assertThat( db.sql() ).isEqualTo( plain ).hasSize( 1 );
		assertThat( plain.get( 0 ) ).doesNotContainIgnoringCase( "returning" );

		// the same for a delete statement: no lock, no extra select
		disconnect();
		db.clearSql();
		db.inTransaction( em -> em.createQuery( "delete from Note where text = 'odd'" ).executeUpdate() );
		List<String> plainDelete = db.sql();
		clean();
		insertNotes( 5 );
		connect( Signal.UPDATE, Note.class );
		db.clearSql();
		db.inTransaction( em -> PgExtraEntityManager.of( em ).createQuery( "delete from Note where text = 'odd'" ).executeUpdate() );
		assertThat( db.sql() ).isEqualTo( plainDelete ).hasSize( 2 ); // element collection, then the entity
	}

	@Test
	void aQueryWhoseReceiverWasDisconnectedBeforeItRanIsPlainHibernate() {
		insertNotes( 3 );
		Recorder<Note> updates = new Recorder<>();
		SignalConnection connection = signals().connect( Signal.UPDATE, Note.class, updates );
		db.clearSql();
		db.inTransaction( em -> {
			Query query = PgExtraEntityManager.of( em ).createQuery( "update Note set hits = 7" );
			connection.disconnect();
			assertThat( query.executeUpdate() ).isEqualTo( 3 );
		} );
		assertThat( updates.events() ).isEmpty();
		assertThat( db.sql() ).singleElement().asString().doesNotContainIgnoringCase( "returning" );
	}

	@Test
	void singleTableInheritanceSignalsEachRowWithItsOwnClass() {
		List<Long> ids = db.fromTransaction( em -> {
			List<Long> result = new ArrayList<>();
			for ( Animal a : List.of( new Dog( "rex" ), new Cat( "tom" ), new Animal( "generic" ), new Dog( "fido" ) ) ) {
				em.persist( a );
				result.add( a.id );
			}
			return result;
		} );
		Recorder<Dog> dogs = connect( Signal.UPDATE, Dog.class );
		Recorder<Named> named = connect( Signal.UPDATE, Named.class );
		Recorder<Cat> catDeletes = connect( Signal.DELETE, Cat.class );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).createQuery( "update Animal set age = age + 1" ).executeUpdate() );
		assertThat( dogs.ids() ).containsExactlyInAnyOrder( ids.get( 0 ), ids.get( 3 ) );
		assertThat( dogs.events() ).extracting( SignalEvent::entityClass ).containsOnly( Dog.class );
		assertThat( named.events() ).hasSize( 4 ).extracting( SignalEvent::entityClass )
				.containsExactlyInAnyOrder( Dog.class, Cat.class, Animal.class, Dog.class );

		db.inTransaction( em -> PgExtraEntityManager.of( em ).createQuery( "delete from Animal where age = 1" ).executeUpdate() );
		assertThat( catDeletes.ids() ).containsExactly( ids.get( 1 ) );
		assertThat( db.count( "animal" ) ).isZero();
	}

	@Test
	void joinedInheritanceSelectsAndLocksTheRowsThenRunsHibernatesStatement() {
		db.inTransaction( em -> {
			em.persist( new Vehicle( 1L, "A-1" ) );
			em.persist( new Car( 2L, "C-2", 4 ) );
			em.persist( new Car( 3L, "C-3", 2 ) );
		} );
		Recorder<Vehicle> updates = connect( Signal.UPDATE, Vehicle.class );
		Recorder<Car> deletes = connect( Signal.DELETE, Car.class );
		db.clearSql();
		int updated = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "update Vehicle set mileage = mileage + 10 where plate <> 'C-3'" ).executeUpdate() );
		assertThat( updated ).isEqualTo( 2 );
		assertThat( updates.events() ).extracting( SignalEvent::id ).containsExactlyInAnyOrder( 1L, 2L );
		assertThat( updates.events() ).extracting( SignalEvent::entityClass ).containsExactlyInAnyOrder( Vehicle.class, Car.class );
		assertThat( db.sql().get( 0 ) ).containsIgnoringCase( "for no key update" );

		int deleted = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete from Car where doors = 2" ).executeUpdate() );
		assertThat( deleted ).isEqualTo( 1 );
		assertThat( deletes.ids() ).containsExactly( 3L );
		assertThat( db.count( "car" ) ).isEqualTo( 1 );

		Recorder<Vehicle> vehicleDeletes = connect( Signal.DELETE, Vehicle.class );
		int all = db.fromTransaction( em -> PgExtraEntityManager.of( em ).createQuery( "delete from Vehicle" ).executeUpdate() );
		assertThat( all ).isEqualTo( 2 );
		assertThat( vehicleDeletes.events() ).extracting( SignalEvent::entityClass ).containsExactlyInAnyOrder( Vehicle.class, Car.class );
		assertThat( deletes.ids() ).containsExactly( 3L, 2L );
		assertThat( db.count( "vehicle" ) ).isZero();
	}

	@Test
	void aRowCommittedElsewhereBetweenTheLockAndTheDeleteIsNotDeletedUnsignalled() {
		insertNotes( 2 );
		Recorder<Note> deletes = new Recorder<>( event -> {
			// another transaction commits a row that matches the statement, after the rows were locked
			if ( db.count( "note WHERE name = 'late'" ) == 0 ) {
				db.execute( "INSERT INTO note (name, text, hits) VALUES ('late', 'odd', 0)" );
			}
		} );
		connections.add( signals().connect( Signal.DELETE, Note.class, deletes ) );
		int count = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete from Note where text = 'odd'" ).executeUpdate() );
		assertThat( count ).isEqualTo( 1 );
		assertThat( deletes.events() ).hasSize( 1 );
		assertThat( db.rows( "SELECT name FROM note ORDER BY name" ) ).containsExactly( Map.of( "name", "late" ), Map.of( "name", "n0" ) );
	}

	@Test
	void severalTablesAndARowCommittedElsewhereInBetweenRollBackRatherThanMissASignal() {
		db.inTransaction( em -> em.persist( new Car( 1L, "P-1", 4 ) ) );
		connections.add( signals().connect( Signal.DELETE, Vehicle.class, event -> {
			if ( db.count( "vehicle WHERE id = 2" ) == 0 ) {
				db.execute( "INSERT INTO vehicle (id, plate, mileage) VALUES (2, 'P-2', 0)" );
			}
		} ) );
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete from Vehicle where plate like 'P-%'" ).executeUpdate() ) )
				.isInstanceOf( OptimisticLockException.class )
				.hasMessageContaining( "affected 2 rows, but 1 matched" ).hasMessageContaining( "retry" );
		assertThat( db.count( "vehicle" ) ).isEqualTo( 2 );
	}

	@Test
	void compositeKeysAreSignalledAsTheirEmbeddable() {
		db.inTransaction( em -> {
			em.persist( new Membership( 1, 10, "admin" ) );
			em.persist( new Membership( 1, 11, "user" ) );
			em.persist( new Membership( 2, 10, "user" ) );
		} );
		Recorder<Membership> updates = connect( Signal.UPDATE, Membership.class );
		Recorder<Membership> deletes = connect( Signal.DELETE, Membership.class );
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			assertThat( pg.createQuery( "update Membership set role = 'member' where role = 'user'" ).executeUpdate() ).isEqualTo( 2 );
			assertThat( pg.createQuery( "delete from Membership m where m.key.groupId = 1" ).executeUpdate() ).isEqualTo( 2 );
		} );
		assertThat( updates.ids() ).containsExactlyInAnyOrder( new Membership.Key( 1, 11 ), new Membership.Key( 2, 10 ) );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( new Membership.Key( 1, 10 ), new Membership.Key( 1, 11 ) );
	}

	/**
	 * The signalling statements flush pending changes before they select the rows as Hibernate's statement would,
	 * and follow the same flush mode: with the query's {@code COMMIT} nothing is flushed, by either.
	 */
	@Test
	void theQuerysFlushModeDecidesWhetherPendingChangesAreFlushedFirst() {
		List<Long> ids = insertNotes( 2 );
		db.inTransaction( em -> em.persist( new Car( 1L, "C-1", 4 ) ) );
		Recorder<Note> noteUpdates = connect( Signal.UPDATE, Note.class );
		Recorder<Note> noteDeletes = connect( Signal.DELETE, Note.class );
		Recorder<Car> carDeletes = connect( Signal.DELETE, Car.class );
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			em.find( Note.class, ids.get( 0 ) ).text = "pending";
			em.persist( new Car( 2L, "C-2", 2 ) );
			// COMMIT: the database does not see the pending changes yet, as with plain Hibernate
			assertThat( pg.createQuery( "update Note set hits = 1 where text = 'pending'" )
					.setFlushMode( FlushModeType.COMMIT ).executeUpdate() ).isZero();
			assertThat( pg.createQuery( "delete from Note where text = 'pending'" )
					.setFlushMode( FlushModeType.COMMIT ).executeUpdate() ).isZero();
			assertThat( pg.createQuery( "delete from Car" ).setFlushMode( FlushModeType.COMMIT ).executeUpdate() )
					.isEqualTo( 1 );
			assertThat( noteUpdates.events() ).isEmpty();
			assertThat( noteDeletes.events() ).isEmpty();
			assertThat( carDeletes.ids() ).containsExactly( 1L );
			// AUTO (the session's): flushed first (the flush of the changed Note is an UPDATE signal of its own),
			// so the row matches and is signalled
			assertThat( pg.createQuery( "update Note set hits = 1 where text = 'pending'" ).executeUpdate() ).isEqualTo( 1 );
			assertThat( noteUpdates.ids() ).containsExactly( ids.get( 0 ), ids.get( 0 ) );
		} );
		assertThat( db.count( "car" ) ).as( "the Car persisted after the COMMIT-mode delete" ).isEqualTo( 1 );
		assertThat( db.count( "note WHERE hits = 1" ) ).isEqualTo( 1 );
	}

	private static boolean exists(EntityManager em, String sql, Long id) {
		return em.unwrap( Session.class ).doReturningWork( c -> {
			try ( PreparedStatement ps = c.prepareStatement( sql ) ) {
				if ( id != null ) {
					ps.setLong( 1, id );
				}
				try ( ResultSet rs = ps.executeQuery() ) {
					return rs.next();
				}
			}
		} );
	}

}
