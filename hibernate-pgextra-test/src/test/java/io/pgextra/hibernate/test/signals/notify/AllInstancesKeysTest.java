package io.pgextra.hibernate.test.signals.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.SignalSettings;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Note;

import org.hibernate.StatelessSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Delivery#ALL_INSTANCES} on one factory, which hears its own notifications like any other instance:
 * upserts and bulk deletes, keys at and over the size of a notification, keys that cannot be encoded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AllInstancesKeysTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class, Label.class, Ticket.class, Booking.class, Slot.class )
			.property( SignalSettings.CHANNEL, "pgx_keys_test_" + Long.toString( System.nanoTime(), 36 ) );

	private final List<SignalConnection> connections = new ArrayList<>();

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE note, note_tag, label, booking, ticket, slot" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	private <T> Events<T> listen(Class<T> type) throws InterruptedException {
		Events<T> events = new Events<>();
		for ( Signal signal : Signal.values() ) {
			connections.add( Signals.of( db.emf() ).connect( signal, type, Delivery.ALL_INSTANCES, events ) );
		}
		AllInstancesSignalsTest.await( "the listening connection", () -> Signals.of( db.emf() ).isListening() );
		return events;
	}

	private static List<String> describe(List<? extends SignalEvent<?>> events) {
		return events.stream().map( e -> e.signal() + " " + e.id() ).toList();
	}

	@Test
	void upsertsAndBulkDeletesAreAnnounced() throws Exception {
		Events<Note> events = listen( Note.class );
		Long id = db.fromTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Map<String, Object> row = Map.of( "name", "u", "text", "1", "hits", 0 );
			pg.upsert( Note.class, ConflictTarget.attributes( "name" ), row );          // CREATE
			pg.upsert( Note.class, ConflictTarget.attributes( "name" ), Map.of( "name", "u", "text", "2", "hits", 0 ) ); // UPDATE
			return em.createQuery( "select id from Note", Long.class ).getSingleResult();
		} );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).createQuery( "delete from Note" ).executeUpdate() );
		assertThat( describe( events.take( 3, 30 ) ) ).containsExactly( "CREATE " + id, "UPDATE " + id, "DELETE " + id );
	}

	@Test
	void anIdClassKeyArrivesAsItsIdClass() throws Exception {
		Events<Slot> events = listen( Slot.class );
		db.inTransaction( em -> em.persist( new Slot( "north, \"B\"", 12 ) ) );
		List<SignalEvent<Slot>> received = events.take( 1, 30 );
		assertThat( received.get( 0 ).id() ).isInstanceOf( Slot.Key.class )
				.isEqualTo( new Slot.Key( "north, \"B\"", 12 ) );
	}

	@Test
	void statelessSessionWritesAreAnnounced() throws Exception {
		// Hibernate 7.1 gives a StatelessSession's events no session: such writes fail clearly when signalled (see
		// EntitySignalsTest.statelessSessionsSignalToo), so there is nothing to announce
		assumeTrue( HibernateCompat.get().version().atLeast( 7, 2 ), "Hibernate 7.2 or later" );
		Events<Label> events = listen( Label.class );
		try ( StatelessSession session = db.sessionFactory().openStatelessSession() ) {
			session.getTransaction().begin();
			Label label = new Label( "stateless" );
			session.insert( label );
			label.uses = 3;
			session.update( label );
			session.delete( label );
			session.getTransaction().commit();
		}
		assertThat( describe( events.take( 3, 30 ) ) ).containsExactly( "CREATE stateless", "UPDATE stateless",
				"DELETE stateless" );
	}

	@Test
	void keysThatFillANotificationAreSplitAcrossNotifications() throws Exception {
		Events<Label> events = listen( Label.class );
		String a = "a".repeat( 4_000 );
		String b = "b".repeat( 4_000 );
		String c = "c".repeat( 4_000 );
		db.clearSql();
		db.inTransaction( em -> {
			em.persist( new Label( a ) );
			em.persist( new Label( b ) );
			em.persist( new Label( c ) );
		} );
		// two keys of 4,000 characters do not fit in one notification (less than 8,000 bytes): one each
		assertThat( db.sql().stream().filter( sql -> sql.contains( "pg_notify" ) ) ).hasSize( 3 );
		assertThat( events.take( 3, 30 ).stream().map( SignalEvent::id ).toList() ).containsExactly( a, b, c );
	}

	@Test
	void aKeyTooLongForANotificationFailsTheWrite() throws Exception {
		listen( Label.class );
		String code = "x".repeat( 8_000 );
		assertThatThrownBy( () -> db.inTransaction( em -> em.persist( new Label( code ) ) ) )
				.hasRootCauseInstanceOf( IllegalArgumentException.class )
				.rootCause().hasMessageContaining( "The key of entity " + Label.class.getName() + " is 8000 characters" )
				.hasMessageContaining( "use shorter keys" );
		assertThat( db.count( "label" ) ).isZero();
	}

	@Test
	void aKeyWithAnAssociationIsRefusedWhenTheReceiverConnects() {
		assertThatThrownBy( () -> Signals.of( db.emf() ).connect( Signal.CREATE, Booking.class, Delivery.ALL_INSTANCES,
				e -> {
				} ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "Cannot connect an ALL_INSTANCES receiver for " + Booking.class.getName() )
				.hasMessageContaining( "the key of entity " + Booking.class.getName() + " has a part of type" )
				.hasMessageContaining( "basic values" );
		assertThat( Signals.of( db.emf() ).hasReceivers( Signal.CREATE, Booking.class ) ).isFalse();
		assertThat( Signals.of( db.emf() ).isListening() ).isFalse();
	}
}
