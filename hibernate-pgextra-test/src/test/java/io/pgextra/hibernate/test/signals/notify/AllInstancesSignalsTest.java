package io.pgextra.hibernate.test.signals.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.SignalSettings;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Note;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import io.pgextra.hibernate.test.StderrCapture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Delivery#ALL_INSTANCES}: two factories against one database and schema play two application instances.
 * {@code db}'s factory writes and announces its entities because {@link SignalSettings#NOTIFY_ENTITIES} names them;
 * {@code other}, built here on the same schema, has the receivers. A channel of its own per run, so that nothing
 * else on the database interferes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AllInstancesSignalsTest {

	static final String CHANNEL = "pgx_notify_test_" + Long.toString( System.nanoTime(), 36 );

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class, Ticket.class, Label.class, Seat.class )
			.property( SignalSettings.CHANNEL, CHANNEL )
			.property( SignalSettings.NOTIFY_ENTITIES, Note.class.getName() + ", Ticket," + Label.class.getName()
					+ "," + Seat.class.getName() );

	static EntityManagerFactory other;
	static final List<String> otherSql = Collections.synchronizedList( new ArrayList<>() );

	private final List<SignalConnection> connections = new ArrayList<>();

	@BeforeAll
	static void otherInstance() {
		other = factory( "other", Map.of() );
	}

	static EntityManagerFactory factory(String name, Map<String, Object> settings) {
		var pg = db.database();
		HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( name )
				.managedClasses( Note.class, Ticket.class, Label.class, Seat.class )
				.jdbcUrl( pg.jdbcUrl( db.schema() + ",public" ) )
				.jdbcCredentials( pg.user(), pg.password() )
				.jdbcPoolSize( 3 )
				.defaultSchema( db.schema() )
				.statementInspector( sql -> {
					otherSql.add( sql );
					return sql;
				} )
				.property( AvailableSettings.HBM2DDL_AUTO, "none" )
				.property( SignalSettings.CHANNEL, CHANNEL );
		settings.forEach( configuration::property );
		return configuration.createEntityManagerFactory();
	}

	@AfterAll
	static void closeOther() {
		other.close();
	}

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE note, note_tag, ticket, label, seat" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	private <T> Events<T> listen(EntityManagerFactory factory, Class<T> type, Signal... signals) {
		Events<T> events = new Events<>();
		for ( Signal signal : signals.length == 0 ? Signal.values() : signals ) {
			connections.add( Signals.of( factory ).connect( signal, type, Delivery.ALL_INSTANCES, events ) );
		}
		return events;
	}

	static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos( 30 );
		while ( !condition.getAsBoolean() ) {
			if ( System.nanoTime() > deadline ) {
				throw new AssertionError( "Timed out after 30 s waiting for " + what );
			}
			// a bounded wait on a condition another thread sets (LISTEN ran, a thread ended): no fixed delay assumed
			Thread.sleep( 10 );
		}
	}

	private static void awaitListening(EntityManagerFactory factory) throws InterruptedException {
		await( "the listening connection", () -> Signals.of( factory ).isListening() );
	}

	private static List<String> describe(List<? extends SignalEvent<?>> events) {
		return events.stream().map( e -> e.signal() + " " + e.entityClass().getSimpleName() + " " + e.id() ).toList();
	}

	// ---------------------------------------------------------------------------------------- tests

	@Test
	void aCommitReachesTheOtherInstanceWithTheKeysOfEveryType() throws Exception {
		Events<Object> events = listen( other, Object.class );
		awaitListening( other );
		UUID ticket = UUID.randomUUID();
		// every character the encoding must escape: quote, backslash, comma, brackets, space, newline, non-ASCII
		String code = "a \"b\",\\[c]\nd é null";
		Seat.Key seat = new Seat.Key( "Hall \"A\", left", 7, LocalDate.of( 2026, 11, 30 ) );
		Long noteId = db.fromTransaction( em -> {
			Note note = new Note( "n", "text" );
			em.persist( note );
			em.persist( new Ticket( ticket, "t" ) );
			em.persist( new Label( code ) );
			em.persist( new Seat( seat, "h" ) );
			em.flush();
			note.text = "changed";
			em.flush();
			em.remove( em.find( Label.class, code ) );
			return note.id;
		} );
		List<SignalEvent<Object>> received = events.take( 6, 30 );
		assertThat( describe( received ) ).containsExactly(
				"CREATE Note " + noteId, "CREATE Ticket " + ticket, "CREATE Label " + code, "CREATE Seat " + seat,
				"UPDATE Note " + noteId, "DELETE Label " + code );
		// decoded to the entity's identifier class, not strings
		assertThat( received.get( 0 ).id() ).isEqualTo( noteId );
		assertThat( received.get( 1 ).id() ).isEqualTo( ticket );
		assertThat( received.get( 2 ).id() ).isEqualTo( code );
		assertThat( received.get( 3 ).id() ).isEqualTo( seat );
		assertThat( received ).allSatisfy( e -> assertThat( e.entity() ).isNull() );
		assertThat( events.queue ).isEmpty();
	}

	@Test
	void aRollbackSendsNothing() throws Exception {
		Events<Note> events = listen( other, Note.class );
		awaitListening( other );
		EntityManager em = db.emf().createEntityManager();
		try {
			em.getTransaction().begin();
			em.persist( new Note( "rolled back", "x" ) );
			em.flush();
			PgExtraEntityManager.of( em ).createQuery( "update Note set hits = 5" ).executeUpdate();
			em.getTransaction().rollback();
		}
		finally {
			em.close();
		}
		// a committed marker after the rollback: notifications arrive in commit order, so once it is here,
		// anything the rolled-back transaction had sent would be here too
		Long marker = db.fromTransaction( e -> {
			Note note = new Note( "marker", "x" );
			e.persist( note );
			return note.id;
		} );
		assertThat( describe( events.take( 1, 30 ) ) ).containsExactly( "CREATE Note " + marker );
		assertThat( events.queue ).isEmpty();
	}

	@Test
	void tenThousandRowsOfABulkUpdateArriveOnceEach() throws Exception {
		Events<Note> events = listen( other, Note.class, Signal.UPDATE );
		awaitListening( other );
		db.execute( "INSERT INTO note (name, text, hits) SELECT 'n' || i, 't', 0 FROM generate_series(1, 10000) i" );
		Set<Long> ids = new HashSet<>( db.fromTransaction( em -> em.createQuery( "select id from Note", Long.class )
				.getResultList() ) );
		db.clearSql();
		int updated = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "update Note set hits = hits + 1" ).executeUpdate() );
		assertThat( updated ).isEqualTo( 10_000 );
		long notifications = db.sql().stream().filter( sql -> sql.contains( "pg_notify" ) ).count();
		List<SignalEvent<Note>> received = events.take( 10_000, 60 );
		Set<Object> distinct = new HashSet<>();
		received.forEach( e -> distinct.add( e.id() ) );
		assertThat( distinct ).hasSize( 10_000 ).isEqualTo( new HashSet<Object>( ids ) );
		assertThat( received ).allSatisfy( e -> assertThat( e.signal() ).isEqualTo( Signal.UPDATE ) );
		// batched: about 1,400 five-digit keys fit in a notification
		assertThat( notifications ).isBetween( 7L, 20L );
		// none twice: a marker after them, and nothing else queued
		Long marker = db.fromTransaction( em -> {
			Note note = em.createQuery( "from Note where name = 'n1'", Note.class ).getSingleResult();
			note.text = "marker";
			return note.id;
		} );
		assertThat( events.take( 1, 30 ).get( 0 ).id() ).isEqualTo( marker );
		assertThat( events.queue ).isEmpty();
	}

	@Test
	void aTerminatedListeningBackendReconnectsAndReportsTheGap() throws Exception {
		Events<Note> events = listen( other, Note.class, Signal.CREATE );
		CountDownLatch missed = new CountDownLatch( 1 );
		Runnable flush = missed::countDown;
		Signals.of( other ).addMissedSignalsListener( flush );
		try ( StderrCapture log = StderrCapture.start() ) {
			awaitListening( other );
			List<Map<String, Object>> killed = db.rows( "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity"
					+ " WHERE datname = current_database() AND query = ?", "LISTEN \"" + CHANNEL + "\"" );
			assertThat( killed ).hasSize( 1 );
			assertThat( killed.get( 0 ).get( "killed" ) ).isEqualTo( true );
			assertThat( missed.await( 30, TimeUnit.SECONDS ) ).as( "the missed-signals listener was called" ).isTrue();
			awaitListening( other );
			Long id = db.fromTransaction( em -> {
				Note note = new Note( "after the gap", "x" );
				em.persist( note );
				return note.id;
			} );
			assertThat( describe( events.take( 1, 30 ) ) ).containsExactly( "CREATE Note " + id );
			assertThat( log.text() ).contains( "WARN io.pgextra.hibernate.internal.signals.notify.NotifyListener - "
					+ "The listening connection of channel " + CHANNEL + " failed" );
		}
		finally {
			Signals.of( other ).removeMissedSignalsListener( flush );
		}
	}

	@Test
	void aFailingOrSlowReceiverDoesNotStopTheOthers() throws Exception {
		CountDownLatch release = new CountDownLatch( 1 );
		List<Object> slow = Collections.synchronizedList( new ArrayList<>() );
		connections.add( Signals.of( other ).connect( Signal.CREATE, Note.class, Delivery.ALL_INSTANCES, e -> {
			throw new IllegalStateException( "failing receiver" );
		} ) );
		connections.add( Signals.of( other ).connect( Signal.CREATE, Note.class, Delivery.ALL_INSTANCES, e -> {
			try {
				release.await( 60, TimeUnit.SECONDS ); // blocked until the healthy receiver got everything
			}
			catch (InterruptedException x) {
				Thread.currentThread().interrupt();
			}
			slow.add( e.id() );
		} ) );
		Events<Note> healthy = listen( other, Note.class, Signal.CREATE );
		awaitListening( other );
		List<Long> ids = new ArrayList<>();
		try ( StderrCapture log = StderrCapture.start() ) {
			for ( int i = 0; i < 3; i++ ) {
				int n = i;
				ids.add( db.fromTransaction( em -> {
					Note note = new Note( "note " + n, "x" );
					em.persist( note );
					return note.id;
				} ) );
			}
			assertThat( healthy.take( 3, 30 ).stream().map( SignalEvent::id ).toList() ).isEqualTo( ids );
			release.countDown();
			await( "the slow receiver", () -> slow.size() == 3 );
			// the failing receiver's exception is logged once per signal, on the receivers' threads
			await( "three warnings of the failing receiver",
					() -> log.count( "IllegalStateException: failing receiver" ) == 3 );
			assertThat( log.count( "WARN io.pgextra.hibernate.internal.signals.NotifySignals - ALL_INSTANCES receiver " ) )
					.isEqualTo( 3 );
			for ( Long id : ids ) {
				assertThat( log.count( "failed for the CREATE signal of " + Note.class.getName() + " with id " + id + ";" ) )
						.as( "warnings for note %d", id ).isEqualTo( 1 );
			}
		}
		assertThat( slow ).isEqualTo( new ArrayList<Object>( ids ) );
	}

	@Test
	void withoutAllInstancesReceiversOrSettingAWriterSendsNothing() {
		// other has neither an ALL_INSTANCES receiver nor NOTIFY_ENTITIES; an AFTER_COMMIT receiver does not count
		connections.add( Signals.of( other ).connect( Signal.CREATE, Note.class, Delivery.AFTER_COMMIT, e -> {
		} ) );
		otherSql.clear();
		other.runInTransaction( em -> em.persist( new Note( "quiet", "x" ) ) );
		assertThat( otherSql ).isNotEmpty().noneMatch( sql -> sql.contains( "pg_notify" ) );
	}

	@Test
	void aWriterAnnouncesWhatItsOwnAllInstancesReceiversListenTo() throws Exception {
		// all instances run the same code: other's receiver for UPDATE makes other send its UPDATEs, not its CREATEs
		Events<Note> events = listen( other, Note.class, Signal.UPDATE );
		awaitListening( other );
		otherSql.clear();
		Long id = other.callInTransaction( em -> {
			Note note = new Note( "own", "x" );
			em.persist( note );
			em.flush();
			note.text = "y";
			return note.id;
		} );
		assertThat( describe( events.take( 1, 30 ) ) ).containsExactly( "UPDATE Note " + id );
		assertThat( otherSql.stream().filter( sql -> sql.contains( "pg_notify" ) ) ).hasSize( 1 );
	}

	@Test
	void theListenerStopsWithTheLastReceiverAndWithTheFactory() throws Exception {
		EntityManagerFactory third = factory( "third", Map.of() );
		try {
			SignalConnection a = Signals.of( third ).connect( Signal.CREATE, Note.class, Delivery.ALL_INSTANCES, e -> {
			} );
			SignalConnection b = Signals.of( third ).connect( Signal.DELETE, Note.class, Delivery.ALL_INSTANCES, e -> {
			} );
			awaitListening( third );
			assertThat( listenerThreads() ).isNotEmpty();
			a.close();
			assertThat( Signals.of( third ).isListening() ).isTrue();
			b.close();
			assertThat( Signals.of( third ).isListening() ).isFalse();
			await( "no listener or receiver thread", () -> listenerThreads().isEmpty() );
			assertThat( listeningBackends() ).isZero();
			Signals.of( third ).connect( Signal.CREATE, Note.class, Delivery.ALL_INSTANCES, e -> {
			} );
			awaitListening( third );
			assertThat( listeningBackends() ).isEqualTo( 1 );
		}
		finally {
			third.close();
		}
		await( "no listener or receiver thread after close", () -> listenerThreads().isEmpty() );
		assertThat( listeningBackends() ).isZero();
	}

	@Test
	void theListeningConnectionCanComeFromItsOwnUrlOutsideThePool() throws Exception {
		// a pool of one connection: were the listener to hold it, the write below could not get one
		EntityManagerFactory own = factory( "own-url", Map.of( SignalSettings.LISTEN_JDBC_URL,
				db.database().jdbcUrl( db.schema() + ",public" ), AvailableSettings.JAKARTA_JDBC_USER, db.database().user(),
				"hibernate.connection.pool_size", "1" ) );
		try {
			Events<Note> events = listen( own, Note.class, Signal.CREATE );
			awaitListening( own );
			Long id = own.callInTransaction( em -> {
				Note note = new Note( "own url", "x" );
				em.persist( note );
				return note.id;
			} );
			assertThat( describe( events.take( 1, 30 ) ) ).containsExactly( "CREATE Note " + id );
		}
		finally {
			connections.forEach( SignalConnection::close );
			connections.clear();
			own.close();
		}
	}

	private static List<String> listenerThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter( Thread::isAlive ).map( Thread::getName )
				.filter( name -> name.startsWith( "pgextra-signals-" ) ).toList();
	}

	/** Connections that are listening now; a released connection has run UNLISTEN last. */
	private static long listeningBackends() {
		return (Long) db.rows( "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()"
				+ " AND query = ?", "LISTEN \"" + CHANNEL + "\"" ).get( 0 ).get( "n" );
	}

	@Test
	void aWriteInAnotherJvmIsReceived() throws Exception {
		Events<Label> events = listen( other, Label.class, Signal.CREATE );
		awaitListening( other );
		var pg = db.database();
		String java = System.getProperty( "java.home" ) + File.separator + "bin" + File.separator + "java";
		Process process = new ProcessBuilder( java, "-cp", System.getProperty( "java.class.path" ),
				RemoteWriter.class.getName(), pg.jdbcUrl( db.schema() + ",public" ), pg.user(),
				pg.password() == null ? "" : pg.password(), db.schema(), CHANNEL, "500" )
				.redirectErrorStream( true ).start();
		String output;
		try {
			assertThat( process.waitFor( 90, TimeUnit.SECONDS ) ).as( "the writer JVM ended" ).isTrue();
		}
		finally {
			output = new String( process.getInputStream().readAllBytes(), StandardCharsets.UTF_8 );
			process.destroyForcibly();
		}
		assertThat( process.exitValue() ).as( output ).isZero();
		List<SignalEvent<Label>> received = events.take( 500, 30 );
		List<Object> expected = new ArrayList<>();
		for ( int i = 0; i < 500; i++ ) {
			expected.add( "remote-" + i );
		}
		assertThat( received.stream().map( SignalEvent::id ).toList() ).isEqualTo( expected );
		assertThat( db.count( "label" ) ).isEqualTo( 500 );
	}
}
