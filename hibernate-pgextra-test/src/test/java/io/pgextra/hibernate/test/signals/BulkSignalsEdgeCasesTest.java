package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.R2Car;
import io.pgextra.hibernate.test.signals.model.R2Circle;
import io.pgextra.hibernate.test.signals.model.R2Item;
import io.pgextra.hibernate.test.signals.model.R2Label;
import io.pgextra.hibernate.test.signals.model.R2Shape;
import io.pgextra.hibernate.test.signals.model.R2Square;
import io.pgextra.hibernate.test.signals.model.R2Vehicle;

import jakarta.persistence.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Edge cases: bulk statements through PgExtraEntityManager with receivers connected. */
class BulkSignalsEdgeCasesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( R2Item.class, R2Label.class, R2Vehicle.class, R2Car.class,
			R2Shape.class, R2Circle.class, R2Square.class );

	private final List<SignalConnection> connections = new ArrayList<>();

	private List<SignalEvent<Object>> record(Signal signal, Class<?> type) {
		List<SignalEvent<Object>> events = Collections.synchronizedList( new ArrayList<>() );
		@SuppressWarnings("unchecked")
		Class<Object> t = (Class<Object>) type;
		connections.add( Signals.of( db.emf() ).connect( signal, t, events::add ) );
		return events;
	}

	private static List<Object> ids(List<SignalEvent<Object>> events) {
		return events.stream().map( SignalEvent::id ).toList();
	}

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE r2item, r2_item_tag, r2_item_label, r2label, r2car, r2vehicle, r2circle, r2square" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	// ------------------------------------------------------------------ pending changes (auto flush)

	/**
	 * Plain Hibernate auto-flushes a pending persist before a bulk delete, so {@code delete from R2Item} deletes it.
	 * The signalling delete selects (and locks) the matching rows before Hibernate's auto-flush.
	 */
	@Test
	void bulkDeleteAlsoDeletesAnEntityPersistedEarlierInTheTransaction() {
		List<SignalEvent<Object>> deletes = record( Signal.DELETE, R2Item.class );
		int[] count = new int[1];
		Long id = db.fromTransaction( em -> {
			R2Item item = new R2Item( "a", "new" );
			em.persist( item ); // SEQUENCE key: the INSERT waits for the flush
			count[0] = PgExtraEntityManager.of( em ).createQuery( "delete from R2Item" ).executeUpdate();
			return item.id;
		} );
		assertThat( db.count( "r2item" ) ).as( "rows left after 'delete from R2Item'" ).isZero();
		assertThat( count[0] ).isEqualTo( 1 );
		assertThat( ids( deletes ) ).containsExactly( id );
	}

	/** The same with a managed entity whose pending change makes it match the restriction. */
	@Test
	void bulkDeleteSeesAPendingChangeOfAManagedEntity() {
		Long id = db.fromTransaction( em -> {
			R2Item item = new R2Item( "a", "live" );
			em.persist( item );
			return item.id;
		} );
		List<SignalEvent<Object>> deletes = record( Signal.DELETE, R2Item.class );
		db.inTransaction( em -> {
			em.find( R2Item.class, id ).status = "dead";
			PgExtraEntityManager.of( em ).createQuery( "delete from R2Item where status = 'dead'" ).executeUpdate();
		} );
		assertThat( db.count( "r2item" ) ).as( "rows left after 'delete from R2Item where status = dead'" ).isZero();
		assertThat( ids( deletes ) ).containsExactly( id );
	}

	/** Without receivers (plain Hibernate), the same program deletes the row: the control case. */
	@Test
	void controlWithoutReceiversHibernateFlushesTheInsertFirst() {
		db.inTransaction( em -> {
			em.persist( new R2Item( "a", "new" ) );
			PgExtraEntityManager.of( em ).createQuery( "delete from R2Item" ).executeUpdate();
		} );
		assertThat( db.count( "r2item" ) ).isZero();
	}

	/** JOINED: the lock select misses the pending insert, Hibernate's statement (after its auto-flush) does not. */
	@Test
	void joinedBulkDeleteWithAPendingPersistDoesNotFailWithAnOptimisticLockException() {
		db.inTransaction( em -> em.persist( new R2Car( 1L, "A", 4 ) ) );
		List<SignalEvent<Object>> deletes = record( Signal.DELETE, R2Vehicle.class );
		db.inTransaction( em -> {
			em.persist( new R2Car( 2L, "B", 2 ) );
			PgExtraEntityManager.of( em ).createQuery( "delete from R2Car" ).executeUpdate();
		} );
		assertThat( db.count( "r2vehicle" ) ).isZero();
		assertThat( ids( deletes ) ).containsExactlyInAnyOrder( 1L, 2L );
	}

	/** JOINED bulk update: the same lock-before-flush order turns a pending persist into an OptimisticLockException. */
	@Test
	void joinedBulkUpdateWithAPendingPersistUpdatesAndSignalsIt() {
		db.inTransaction( em -> em.persist( new R2Car( 1L, "A", 4 ) ) );
		List<SignalEvent<Object>> updates = record( Signal.UPDATE, R2Vehicle.class );
		db.inTransaction( em -> {
			em.persist( new R2Car( 2L, "B", 2 ) );
			PgExtraEntityManager.of( em ).createQuery( "update R2Car set doors = 5" ).executeUpdate();
		} );
		assertThat( db.count( "r2car WHERE doors = 5" ) ).isEqualTo( 2 );
		assertThat( ids( updates ) ).containsExactlyInAnyOrder( 1L, 2L );
	}

	/** The RETURNING update flushes first: pending persists are updated and signalled (regression). */
	@Test
	void bulkUpdateSeesAPendingPersist() {
		List<SignalEvent<Object>> updates = record( Signal.UPDATE, R2Item.class );
		Long id = db.fromTransaction( em -> {
			R2Item item = new R2Item( "a", "new" );
			em.persist( item );
			PgExtraEntityManager.of( em ).createQuery( "update R2Item set status = 'old'" ).executeUpdate();
			return item.id;
		} );
		assertThat( db.count( "r2item WHERE status = 'old'" ) ).isEqualTo( 1 );
		assertThat( ids( updates ) ).containsExactly( id );
	}

	// ------------------------------------------------------------------ TABLE_PER_CLASS

	@Test
	void tablePerClassBulkDeleteOfTheRootSignalsEveryRow() {
		db.inTransaction( em -> {
			em.persist( new R2Circle( 1L, "red", 3 ) );
			em.persist( new R2Square( 2L, "red", 4 ) );
			em.persist( new R2Square( 3L, "blue", 5 ) );
		} );
		List<SignalEvent<Object>> deletes = record( Signal.DELETE, R2Shape.class );
		int count = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete from R2Shape where color = 'red'" ).executeUpdate() );
		assertThat( count ).isEqualTo( 2 );
		assertThat( ids( deletes ) ).containsExactlyInAnyOrder( 1L, 2L );
		assertThat( deletes.stream().map( SignalEvent::entityClass ).toList() )
				.containsExactlyInAnyOrder( R2Circle.class, R2Square.class );
		assertThat( db.count( "r2circle" ) + db.count( "r2square" ) ).isEqualTo( 1 );
	}

	@Test
	void tablePerClassBulkUpdateOfTheRootSignalsEveryRow() {
		db.inTransaction( em -> {
			em.persist( new R2Circle( 1L, "red", 3 ) );
			em.persist( new R2Square( 2L, "red", 4 ) );
		} );
		List<SignalEvent<Object>> updates = record( Signal.UPDATE, R2Shape.class );
		int count = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "update R2Shape set color = 'green' where color = 'red'" ).executeUpdate() );
		assertThat( count ).isEqualTo( 2 );
		assertThat( ids( updates ) ).containsExactlyInAnyOrder( 1L, 2L );
	}

	@Test
	void tablePerClassBulkDeleteOfALeafSignalsEveryRow() {
		db.inTransaction( em -> {
			em.persist( new R2Circle( 1L, "red", 3 ) );
			em.persist( new R2Circle( 2L, "blue", 4 ) );
		} );
		List<SignalEvent<Object>> deletes = record( Signal.DELETE, R2Shape.class );
		int count = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete from R2Circle where color = 'red'" ).executeUpdate() );
		assertThat( count ).isEqualTo( 1 );
		assertThat( ids( deletes ) ).containsExactly( 1L );
	}

	// ------------------------------------------------------------------ collection tables (regressions)

	@Test
	void bulkDeleteWithAListParameterDeletesElementCollectionAndJoinTableRows() {
		List<Long> ids = db.fromTransaction( em -> {
			R2Label l = new R2Label( 1L, "x" );
			em.persist( l );
			List<Long> out = new ArrayList<>();
			for ( int i = 0; i < 3; i++ ) {
				R2Item item = new R2Item( "i" + i, "s" );
				item.tags.add( "t" + i );
				item.labels.add( l );
				em.persist( item );
				out.add( item.id );
			}
			return out;
		} );
		List<SignalEvent<Object>> deletes = record( Signal.DELETE, R2Item.class );
		int count = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete from R2Item where id in :ids" ).setParameter( "ids", ids.subList( 0, 2 ) )
				.executeUpdate() );
		assertThat( count ).isEqualTo( 2 );
		assertThat( ids( deletes ) ).containsExactlyInAnyOrderElementsOf( ids.subList( 0, 2 ) );
		assertThat( db.count( "r2item" ) ).isEqualTo( 1 );
		assertThat( db.count( "r2_item_tag" ) ).isEqualTo( 1 );
		assertThat( db.count( "r2_item_label" ) ).isEqualTo( 1 );
	}

	@Test
	void updateMatchingNothingSendsNothingAndTheWrapperCanRunTwice() {
		Long id = db.fromTransaction( em -> {
			R2Item item = new R2Item( "a", "s" );
			em.persist( item );
			return item.id;
		} );
		List<SignalEvent<Object>> updates = record( Signal.UPDATE, R2Item.class );
		db.inTransaction( em -> {
			Query q = PgExtraEntityManager.of( em ).createQuery( "update R2Item set status = :s where name = :n" );
			assertThat( q.setParameter( "s", "x" ).setParameter( "n", "zzz" ) ).isSameAs( q );
			assertThat( q.getParameter( "n" ).getName() ).isEqualTo( "n" );
			assertThat( q.executeUpdate() ).isZero();
			assertThat( updates ).isEmpty();
			q.setParameter( "n", "a" );
			assertThat( q.executeUpdate() ).isEqualTo( 1 );
			assertThat( q.executeUpdate() ).isEqualTo( 1 );
		} );
		assertThat( ids( updates ) ).containsExactly( id, id );
	}

	@Test
	void bulkUpdateWithASubqueryOnAnotherEntity() {
		Long id = db.fromTransaction( em -> {
			em.persist( new R2Label( 7L, "hot" ) );
			R2Item a = new R2Item( "hot", "s" );
			em.persist( a );
			em.persist( new R2Item( "cold", "s" ) );
			return a.id;
		} );
		List<SignalEvent<Object>> updates = record( Signal.UPDATE, R2Item.class );
		int n = db.fromTransaction( em -> PgExtraEntityManager.of( em ).createQuery(
				"update R2Item i set i.status = 'x' where i.name in (select l.text from R2Label l)" ).executeUpdate() );
		assertThat( n ).isEqualTo( 1 );
		assertThat( ids( updates ) ).containsExactly( id );
	}
}
