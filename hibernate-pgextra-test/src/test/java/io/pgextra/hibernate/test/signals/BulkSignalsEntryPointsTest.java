package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Car;
import io.pgextra.hibernate.test.signals.model.Draft;
import io.pgextra.hibernate.test.signals.model.Membership;
import io.pgextra.hibernate.test.signals.model.Note;
import io.pgextra.hibernate.test.signals.model.Seat;
import io.pgextra.hibernate.test.signals.model.Vehicle;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.Query;
import org.hibernate.SessionFactory;
import org.hibernate.query.CommonQueryContract;
import org.hibernate.query.specification.MutationSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bulk JPQL/HQL {@code update} or {@code delete} sends its per-row signals whatever runs it: any
 * {@code EntityManager}, {@code Session} or {@code StatelessSession} of the factory, a {@code MutationSpecification},
 * a transaction Hibernate opens itself, and {@code PgExtraEntityManager} (which is no longer needed for it).
 */
class BulkSignalsEntryPointsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class, Vehicle.class, Car.class, Membership.class,
			Seat.class, Draft.class );

	/** The ways to run a bulk HQL statement, each in a transaction of its own that commits. */
	enum EntryPoint {
		ENTITY_MANAGER {
			@Override
			int run(String hql, Map<String, Object> parameters) {
				return db.fromTransaction( em -> bind( em.createQuery( hql ), parameters ).executeUpdate() );
			}
		},
		PG_EXTRA_ENTITY_MANAGER {
			@Override
			int run(String hql, Map<String, Object> parameters) {
				return db.fromTransaction( em -> bind( PgExtraEntityManager.of( em ).createQuery( hql ), parameters )
						.executeUpdate() );
			}
		},
		EMF_CALL_IN_TRANSACTION {
			@Override
			int run(String hql, Map<String, Object> parameters) {
				EntityManagerFactory emf = db.emf();
				return emf.callInTransaction( em -> bind( em.createQuery( hql ), parameters ).executeUpdate() );
			}
		},
		SESSION_MUTATION_QUERY {
			@Override
			int run(String hql, Map<String, Object> parameters) {
				return db.sessionFactory().fromTransaction( session -> bind( session.createMutationQuery( hql ),
						parameters ).executeUpdate() );
			}
		},
		STATELESS_SESSION {
			@Override
			int run(String hql, Map<String, Object> parameters) {
				return db.sessionFactory().fromStatelessTransaction( session -> bind( session.createMutationQuery( hql ),
						parameters ).executeUpdate() );
			}
		},
		MUTATION_SPECIFICATION_SESSION {
			@Override
			int run(String hql, Map<String, Object> parameters) {
				return db.sessionFactory().fromTransaction( session -> bind( MutationSpecification
						.create( target( hql ), hql ).createQuery( session ), parameters ).executeUpdate() );
			}
		},
		MUTATION_SPECIFICATION_STATELESS {
			@Override
			int run(String hql, Map<String, Object> parameters) {
				return db.sessionFactory().fromStatelessTransaction( session -> bind( MutationSpecification
						.create( target( hql ), hql ).createQuery( session ), parameters ).executeUpdate() );
			}
		};

		abstract int run(String hql, Map<String, Object> parameters);

		int run(String hql) {
			return run( hql, Map.of() );
		}
	}

	private static Query bind(Query query, Map<String, Object> parameters) {
		parameters.forEach( query::setParameter );
		return query;
	}

	private static <Q extends CommonQueryContract> Q bind(Q query, Map<String, Object> parameters) {
		parameters.forEach( query::setParameter );
		return query;
	}

	/** The entity a statement's HQL names, for {@code MutationSpecification.create}. */
	private static Class<?> target(String hql) {
		for ( Class<?> type : List.of( Note.class, Vehicle.class, Car.class, Membership.class ) ) {
			if ( hql.matches( "(update|delete from) " + type.getSimpleName() + "\\b.*" ) ) {
				return type;
			}
		}
		throw new IllegalArgumentException( "no entity in " + hql );
	}

	private final List<SignalConnection> connections = new ArrayList<>();

	private <T> Recorder<T> connect(Signal signal, Class<T> type) {
		return connect( signal, type, Delivery.IMMEDIATE, new Recorder<>() );
	}

	private <T> Recorder<T> connect(Signal signal, Class<T> type, Delivery delivery, Recorder<T> recorder) {
		connections.add( Signals.of( db.emf() ).connect( signal, type, delivery, recorder ) );
		return recorder;
	}

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE note, note_tag, car, vehicle, membership, seat, seat_label, draft" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
		connections.clear();
	}

	/** Six notes, {@code even} and {@code odd} in turn; the first has a tag (an element collection row). */
	private List<Long> insertNotes() {
		List<Long> ids = db.fromTransaction( em -> {
			List<Long> result = new ArrayList<>();
			for ( int i = 0; i < 6; i++ ) {
				Note note = new Note( "n" + i, i % 2 == 0 ? "even" : "odd" );
				em.persist( note );
				result.add( note.id );
			}
			return result;
		} );
		db.inTransaction( em -> em.find( Note.class, ids.get( 1 ) ).tags.add( "t" ) );
		return ids;
	}

	@ParameterizedTest
	@EnumSource(EntryPoint.class)
	void updateAndDeleteSignalExactlyTheirRows(EntryPoint entryPoint) {
		List<Long> ids = insertNotes();
		Recorder<Note> updates = connect( Signal.UPDATE, Note.class );
		List<Long> stillThere = new ArrayList<>();
		Recorder<Note> deletes = connect( Signal.DELETE, Note.class, Delivery.IMMEDIATE, new Recorder<>( event -> {
			// committed rows, read on another connection: the row is not deleted yet when its signal goes out
			if ( db.count( "note WHERE id = " + event.id() ) == 1 ) {
				stillThere.add( (Long) event.id() );
			}
		} ) );

		assertThat( entryPoint.run( "update Note set hits = hits + 1 where text = :t", Map.of( "t", "even" ) ) )
				.isEqualTo( 3 );
		assertThat( updates.ids() ).containsExactlyInAnyOrder( ids.get( 0 ), ids.get( 2 ), ids.get( 4 ) );
		assertThat( updates.events() ).extracting( SignalEvent::entityClass ).containsOnly( Note.class );
		assertThat( db.count( "note WHERE hits = 1" ) ).isEqualTo( 3 );

		assertThat( entryPoint.run( "delete from Note where text = :t", Map.of( "t", "odd" ) ) ).isEqualTo( 3 );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( ids.get( 1 ), ids.get( 3 ), ids.get( 5 ) );
		assertThat( stillThere ).containsExactlyInAnyOrder( ids.get( 1 ), ids.get( 3 ), ids.get( 5 ) );
		assertThat( updates.events() ).hasSize( 3 );
		assertThat( db.count( "note" ) ).isEqualTo( 3 );
		assertThat( db.count( "note_tag" ) ).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = EntryPoint.class, names = { "ENTITY_MANAGER", "SESSION_MUTATION_QUERY", "STATELESS_SESSION" })
	void entitiesOnSeveralTablesAndCompositeKeysSignalToo(EntryPoint entryPoint) {
		db.inTransaction( em -> {
			em.persist( new Vehicle( 1L, "A-1" ) );
			em.persist( new Car( 2L, "C-2", 4 ) );
			em.persist( new Car( 3L, "C-3", 2 ) );
			em.persist( new Membership( 1, 10, "admin" ) );
			em.persist( new Membership( 1, 11, "user" ) );
			em.persist( new Membership( 2, 10, "user" ) );
		} );
		Recorder<Vehicle> vehicleUpdates = connect( Signal.UPDATE, Vehicle.class );
		Recorder<Car> carDeletes = connect( Signal.DELETE, Car.class );
		Recorder<Membership> memberships = connect( Signal.UPDATE, Membership.class );
		Recorder<Membership> membershipDeletes = connect( Signal.DELETE, Membership.class );

		assertThat( entryPoint.run( "update Vehicle set mileage = mileage + 10 where plate <> :p", Map.of( "p", "C-3" ) ) )
				.isEqualTo( 2 );
		assertThat( vehicleUpdates.events() ).extracting( SignalEvent::id ).containsExactlyInAnyOrder( 1L, 2L );
		assertThat( vehicleUpdates.events() ).extracting( SignalEvent::entityClass )
				.containsExactlyInAnyOrder( Vehicle.class, Car.class );
		assertThat( entryPoint.run( "delete from Car where doors = 2" ) ).isEqualTo( 1 );
		assertThat( carDeletes.ids() ).containsExactly( 3L );

		assertThat( entryPoint.run( "update Membership set role = 'member' where role = 'user'" ) ).isEqualTo( 2 );
		assertThat( memberships.ids() ).containsExactlyInAnyOrder( new Membership.Key( 1, 11 ), new Membership.Key( 2, 10 ) );
		assertThat( entryPoint.run( "delete from Membership m where m.key.groupId = 1" ) ).isEqualTo( 2 );
		assertThat( membershipDeletes.ids() ).containsExactlyInAnyOrder( new Membership.Key( 1, 10 ),
				new Membership.Key( 1, 11 ) );
		assertThat( db.count( "membership" ) ).isEqualTo( 1 );
	}

	/** A soft delete is an update of the deleted column for Hibernate, and a DELETE signal for its rows. */
	@ParameterizedTest
	@EnumSource(value = EntryPoint.class, names = { "ENTITY_MANAGER", "STATELESS_SESSION" })
	void aSoftDeleteSignalsDelete(EntryPoint entryPoint) {
		db.inTransaction( em -> {
			em.persist( new Draft( 1L, "old" ) );
			em.persist( new Draft( 2L, "old" ) );
			em.persist( new Draft( 3L, "new" ) );
		} );
		Recorder<Draft> deletes = connect( Signal.DELETE, Draft.class );
		Recorder<Draft> updates = connect( Signal.UPDATE, Draft.class );
		db.clearSql();
		assertThat( entryPoint.run( "delete from Draft where title = 'old'" ) ).isEqualTo( 2 );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( 1L, 2L );
		assertThat( updates.events() ).isEmpty();
		assertThat( db.sql() ).hasSize( 2 );
		assertThat( db.sql().get( 1 ) ).startsWith( "update " + db.schema() + ".Draft" ).endsWith( "= any (?)" );
		assertThat( db.count( "draft WHERE deleted" ) ).isEqualTo( 2 );
		// a soft-deleted row no longer matches: deleting again signals nothing
		assertThat( entryPoint.run( "delete from Draft" ) ).isEqualTo( 1 );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( 1L, 2L, 3L );
	}

	/** Two statements (the collection table, then the entity's): the row count is the entity statement's. */
	@ParameterizedTest
	@EnumSource(value = EntryPoint.class, names = { "ENTITY_MANAGER", "STATELESS_SESSION" })
	void aCompositeKeyWithAnElementCollectionIsDeletedAndSignalled(EntryPoint entryPoint) {
		db.inTransaction( em -> {
			em.persist( new Seat( "A", 1, "free", "aisle", "front" ) );
			em.persist( new Seat( "A", 2, "free", "window" ) ); // 3 collection rows, 2 seats
			em.persist( new Seat( "B", 1, "sold", "back" ) );
		} );
		Recorder<Seat> deletes = connect( Signal.DELETE, Seat.class );
		db.clearSql();
		assertThat( entryPoint.run( "delete from Seat s where s.state = :s", Map.of( "s", "free" ) ) ).isEqualTo( 2 );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( new Seat.Key( "A", 1 ), new Seat.Key( "A", 2 ) );
		assertThat( db.sql() ).hasSize( 3 );
		assertThat( db.sql().get( 1 ) ).startsWith( "delete from " + db.schema() + ".seat_label" );
		assertThat( db.count( "seat" ) ).isEqualTo( 1 );
		assertThat( db.count( "seat_label" ) ).isEqualTo( 1 );
	}

	@ParameterizedTest
	@EnumSource(value = EntryPoint.class, names = { "ENTITY_MANAGER", "SESSION_MUTATION_QUERY", "STATELESS_SESSION" })
	void listValuedParametersSelectTheSameRowsAsTheStatement(EntryPoint entryPoint) {
		List<Long> ids = insertNotes();
		db.inTransaction( em -> {
			em.persist( new Vehicle( 1L, "A-1" ) );
			em.persist( new Car( 2L, "C-2", 4 ) );
			em.persist( new Car( 3L, "C-3", 2 ) );
		} );
		Recorder<Note> updates = connect( Signal.UPDATE, Note.class );
		Recorder<Note> deletes = connect( Signal.DELETE, Note.class );
		Recorder<Vehicle> vehicles = connect( Signal.UPDATE, Vehicle.class );
		List<Long> some = List.of( ids.get( 0 ), ids.get( 1 ), ids.get( 5 ) );

		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put( "ids", some );
		parameters.put( "texts", List.of( "even", "odd", "none" ) );
		assertThat( entryPoint.run( "update Note set hits = 9 where id in :ids and text in :texts", parameters ) )
				.isEqualTo( 3 );
		assertThat( updates.ids() ).containsExactlyInAnyOrderElementsOf( some );
		assertThat( entryPoint.run( "delete from Note where id in :ids", Map.of( "ids", List.of( ids.get( 1 ), ids.get( 2 ) ) ) ) )
				.isEqualTo( 2 );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( ids.get( 1 ), ids.get( 2 ) );
		assertThat( entryPoint.run( "update Vehicle set mileage = 5 where id in :ids", Map.of( "ids", List.of( 1L, 3L ) ) ) )
				.isEqualTo( 2 );
		assertThat( vehicles.ids() ).containsExactlyInAnyOrder( 1L, 3L );
		assertThat( db.count( "note WHERE hits = 9" ) ).isEqualTo( 2 );
		assertThat( db.count( "vehicle WHERE mileage = 5" ) ).isEqualTo( 2 );
	}

	@Test
	void namedStatementsThroughEntityManagerAndSession() {
		List<Long> ids = insertNotes();
		db.inTransaction( em -> em.getEntityManagerFactory().addNamedQuery( "Note.touch",
				em.createQuery( "update Note set hits = hits + 1 where text = :t" ) ) );
		Recorder<Note> updates = connect( Signal.UPDATE, Note.class );
		assertThat( db.<Integer>fromTransaction( em -> em.createNamedQuery( "Note.touch" ).setParameter( "t", "even" )
				.executeUpdate() ) ).isEqualTo( 3 );
		assertThat( db.sessionFactory().<Integer>fromTransaction( s -> s.createNamedMutationQuery( "Note.touch" )
				.setParameter( "t", "odd" ).executeUpdate() ) ).isEqualTo( 3 );
		assertThat( updates.ids() ).containsExactlyInAnyOrderElementsOf( ids );
		assertThat( db.count( "note WHERE hits = 1" ) ).isEqualTo( 6 );
	}

	/**
	 * A locked row that stops matching before the statement runs (here a receiver changes it, in the same
	 * transaction) is not written: the count differs from the signals sent, so the transaction rolls back.
	 */
	@Test
	void aLockedRowThatNoLongerMatchesRollsBackRatherThanLeaveASignalWrong() {
		List<Long> ids = insertNotes();
		assertThatThrownBy( () -> db.sessionFactory().inTransaction( session -> {
			connections.add( Signals.of( db.emf() ).connect( Signal.DELETE, Note.class, event -> {
				if ( event.id().equals( ids.get( 2 ) ) ) {
					session.createNativeMutationQuery( "update note set text = 'changed' where id = :id" )
							.setParameter( "id", event.id() ).executeUpdate();
				}
			} ) );
			session.createMutationQuery( "delete from Note where text = 'even'" ).executeUpdate();
		} ) ).isInstanceOf( OptimisticLockException.class )
				.hasMessageContaining( "bulk delete of " + Note.class.getName() + " affected 2 rows, but 3 matched" )
				.hasMessageContaining( "retry" );
		assertThat( db.count( "note" ) ).isEqualTo( 6 );
		assertThat( db.count( "note WHERE text = 'changed'" ) ).isZero();
	}

	@Test
	void criteriaUpdateAndDeleteThroughEntityManagerSessionAndStatelessSession() {
		List<Long> ids = insertNotes();
		Recorder<Note> updates = connect( Signal.UPDATE, Note.class );
		Recorder<Note> deletes = connect( Signal.DELETE, Note.class );
		SessionFactory sf = db.sessionFactory();
		var cb = sf.getCriteriaBuilder();

		var update = cb.createCriteriaUpdate( Note.class );
		var root = update.from( Note.class );
		update.set( root.<String>get( "text" ), "criteria" ).where( cb.equal( root.get( "id" ), ids.get( 0 ) ) );
		assertThat( db.<Integer>fromTransaction( em -> em.createQuery( update ).executeUpdate() ) ).isEqualTo( 1 );
		assertThat( sf.<Integer>fromTransaction( s -> s.createMutationQuery( update ).executeUpdate() ) ).isEqualTo( 1 );
		assertThat( sf.<Integer>fromStatelessTransaction( s -> s.createMutationQuery( update ).executeUpdate() ) ).isEqualTo( 1 );
		assertThat( sf.<Integer>fromTransaction( s -> MutationSpecification.create( update ).createQuery( s ).executeUpdate() ) )
				.isEqualTo( 1 );
		assertThat( updates.ids() ).containsExactly( ids.get( 0 ), ids.get( 0 ), ids.get( 0 ), ids.get( 0 ) );

		var delete = cb.createCriteriaDelete( Note.class );
		var deleteRoot = delete.from( Note.class );
		delete.where( cb.equal( deleteRoot.get( "text" ), "odd" ) );
		assertThat( sf.<Integer>fromStatelessTransaction( s -> s.createMutationQuery( delete ).executeUpdate() ) ).isEqualTo( 3 );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( ids.get( 1 ), ids.get( 3 ), ids.get( 5 ) );
		assertThat( db.<Integer>fromTransaction( em -> em.createQuery( delete ).executeUpdate() ) ).isZero();
		assertThat( deletes.events() ).hasSize( 3 );
	}

	@ParameterizedTest
	@EnumSource(value = EntryPoint.class, names = { "ENTITY_MANAGER", "SESSION_MUTATION_QUERY", "STATELESS_SESSION" })
	void aRolledBackStatementSendsNoAfterCommitSignal(EntryPoint entryPoint) {
		List<Long> ids = insertNotes();
		Recorder<Note> immediate = connect( Signal.UPDATE, Note.class );
		Recorder<Note> afterCommit = connect( Signal.UPDATE, Note.class, Delivery.AFTER_COMMIT, new Recorder<>() );
		Recorder<Note> deletesAfterCommit = connect( Signal.DELETE, Note.class, Delivery.AFTER_COMMIT, new Recorder<>() );
		// the receiver vetoes the second row: the statement throws and the transaction rolls back
		connect( Signal.DELETE, Note.class, Delivery.IMMEDIATE, new Recorder<>( event -> {
			if ( event.id().equals( ids.get( 3 ) ) ) {
				throw new IllegalStateException( "veto " + event.id() );
			}
		} ) );
		assertThatThrownBy( () -> entryPoint.run( "delete from Note where text = 'odd'" ) )
				.hasStackTraceContaining( "veto " + ids.get( 3 ) );
		assertThat( db.count( "note" ) ).isEqualTo( 6 );
		assertThat( deletesAfterCommit.events() ).isEmpty();

		// a rollback after the statement (its rows are signalled immediately, not after a commit that never comes)
		assertThatThrownBy( () -> db.sessionFactory().inStatelessTransaction( s -> {
			assertThat( s.createMutationQuery( "update Note set hits = 3 where text = 'even'" ).executeUpdate() )
					.isEqualTo( 3 );
			throw new OptimisticLockException( "rolled back on purpose" );
		} ) ).hasMessageContaining( "on purpose" );
		assertThatThrownBy( () -> db.inTransaction( em -> {
			em.createQuery( "update Note set hits = 3 where text = 'even'" ).executeUpdate();
			throw new OptimisticLockException( "rolled back on purpose" );
		} ) ).hasMessageContaining( "on purpose" );
		assertThat( immediate.events() ).hasSize( 6 );
		assertThat( afterCommit.events() ).isEmpty();
		assertThat( db.count( "note WHERE hits = 3" ) ).isZero();

		// committed: the after-commit receiver gets exactly the rows
		assertThat( entryPoint.run( "update Note set hits = 4 where text = 'even'" ) ).isEqualTo( 3 );
		assertThat( afterCommit.ids() ).containsExactlyInAnyOrder( ids.get( 0 ), ids.get( 2 ), ids.get( 4 ) );
	}
}
