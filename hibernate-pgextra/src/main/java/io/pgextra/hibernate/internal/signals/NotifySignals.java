package io.pgextra.hibernate.internal.signals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.pgextra.hibernate.internal.signals.SignalRegistry.Registration;
import io.pgextra.hibernate.internal.signals.notify.NotifyCodec;
import io.pgextra.hibernate.internal.signals.notify.NotifyListener;
import io.pgextra.hibernate.signals.Receiver;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.SignalSettings;

import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.jboss.logging.Logger;

import jakarta.transaction.Synchronization;

/**
 * {@link io.pgextra.hibernate.signals.Delivery#ALL_INSTANCES} for one factory: the writing side, which turns rows
 * into {@code pg_notify} calls of the writing transaction, and the receiving side, which holds the listening
 * connection while such receivers are connected and hands what arrives to them.
 * <p>
 * <b>Writing.</b> The rows of a transaction are appended to a payload of the session ({@link NotifyCodec}); a full
 * payload is sent at once with {@code select pg_notify(?, ?)} on the session's own connection, through Hibernate's
 * JDBC layer, and the last one just before the commit (a transaction synchronization's {@code beforeCompletion},
 * which runs after the flush that sends the entity signals). PostgreSQL delivers notifications only when their
 * transaction commits, to every listening session, in commit order: no delivery on rollback comes for free.
 * Outside a transaction (an auto-commit write) the row is sent at once. One round trip per about 8000 bytes of keys, plus one per
 * transaction.
 * <p>
 * <b>Receiving.</b> One {@link NotifyListener} (one connection, one thread) while at least one
 * {@code ALL_INSTANCES} receiver is connected; the connection comes from the factory's {@link ConnectionProvider},
 * i.e. its pool (or, with {@link SignalSettings#LISTEN_JDBC_URL}, from {@code DriverManager}), and is held until the last such receiver disconnects or the factory closes. Receivers run on a
 * pool of daemon threads: each receiver (object) has its own queue, run by one thread at a time, so that it sees
 * its signals in commit order, whatever signals and classes it is connected to, and a slow or failing receiver holds up only itself.
 */
final class NotifySignals {

	private static final Logger LOG = Logger.getLogger( NotifySignals.class );
	private static final String NOTIFY_SQL = "select pg_notify(?, ?)";

	private final SessionFactoryImplementor factory;
	private final SignalRegistry registry;
	private final String channel;
	private final Set<String> namedEntities;
	/**
	 * The pending payload of each session in a transaction. Weak keys: a session closed in the middle of a
	 * transaction may never run its after-completion callback, and must not be kept alive here.
	 */
	private final Map<SharedSessionContractImplementor, Outbox> outboxes = Collections.synchronizedMap( new WeakHashMap<>() );
	private final AtomicLong sequence = new AtomicLong();
	private final List<Runnable> missedListeners = new CopyOnWriteArrayList<>();

	// receiving side, guarded by this
	private NotifyListener listener;
	private ThreadPoolExecutor pool;
	/** Per receiver object (not per connection: one receiver connected to three signals sees them in order). */
	private final Map<Object, SerialQueue> queues = new ConcurrentHashMap<>();
	private boolean closed;

	NotifySignals(SessionFactoryImplementor factory, SignalRegistry registry) {
		this.factory = factory;
		this.registry = registry;
		Map<String, Object> settings = factory.getProperties();
		Object configured = settings.get( SignalSettings.CHANNEL );
		this.channel = configured == null || configured.toString().isBlank() ? SignalSettings.DEFAULT_CHANNEL
				: configured.toString().trim();
		if ( channel.getBytes( StandardCharsets.UTF_8 ).length > 63 ) {
			throw new IllegalArgumentException( "The signal channel '" + channel + "' (setting " + SignalSettings.CHANNEL
					+ ") is longer than 63 bytes, PostgreSQL's limit for a channel name; use a shorter name" );
		}
		Set<String> named = new HashSet<>();
		Object entities = settings.get( SignalSettings.NOTIFY_ENTITIES );
		if ( entities != null ) {
			for ( String name : entities.toString().split( "," ) ) {
				if ( !name.isBlank() ) {
					named.add( name.trim() );
				}
			}
		}
		this.namedEntities = Set.copyOf( named );
	}

	String channel() {
		return channel;
	}

	boolean hasNamedEntities() {
		return !namedEntities.isEmpty();
	}

	/** @return whether {@link SignalSettings#NOTIFY_ENTITIES} names the class, a superclass or an interface of it */
	boolean isNamed(Class<?> mappedClass) {
		if ( namedEntities.isEmpty() ) {
			return false;
		}
		for ( Class<?> c = mappedClass; c != null; c = c.getSuperclass() ) {
			if ( namedEntities.contains( c.getName() ) || namedEntities.contains( c.getSimpleName() ) ) {
				return true;
			}
			for ( Class<?> i : c.getInterfaces() ) {
				if ( namedEntities.contains( i.getName() ) ) {
					return true;
				}
			}
		}
		return false;
	}

	// ---------------------------------------------------------------------------------------- writing

	/**
	 * Refuses an ALL_INSTANCES receiver for entities whose keys cannot travel in a notification, when it is
	 * connected rather than when a row is written.
	 */
	void checkConnectable(Class<?> type) {
		factory.getMappingMetamodel().forEachEntityDescriptor( persister -> {
			Class<?> mapped = persister.getMappedClass();
			if ( mapped != null && type.isAssignableFrom( mapped ) ) {
				var unsupported = NotifyCodec.unsupportedPart( persister.getIdentifierType() );
				if ( unsupported != null ) {
					throw new IllegalArgumentException( "Cannot connect an ALL_INSTANCES receiver for " + type.getName()
							+ ": the key of entity " + persister.getEntityName() + " has a part of type '"
							+ unsupported.getName() + "', which cannot be sent in a notification; ALL_INSTANCES"
							+ " signals need keys made of basic values (numbers, strings, UUIDs, dates) or"
							+ " non-polymorphic embeddables of them" );
				}
			}
		} );
	}

	/** Announces one row written by {@code session} to every listening instance, if its transaction commits. */
	void send(SharedSessionContractImplementor session, Signal signal, EntityPersister persister, Object id) {
		String key;
		try {
			key = NotifyCodec.encodeId( persister, id );
			if ( key.length() + persister.getEntityName().length() + 40 > NotifyCodec.MAX_PAYLOAD ) {
				throw new IllegalArgumentException( "The key of entity " + persister.getEntityName() + " is "
						+ key.length() + " characters long once encoded ('" + key.substring( 0, 60 ) + "...'): a"
						+ " PostgreSQL notification holds less than 8000 bytes, so this row cannot be announced to"
						+ " the other instances (ALL_INSTANCES); use shorter keys for entities with such receivers" );
			}
		}
		catch (IllegalArgumentException e) {
			// the row is written and the other instances would never hear of it: the transaction must not commit
			session.markForRollbackOnly();
			throw e;
		}
		char letter = NotifyCodec.letter( signal );
		String entityName = persister.getEntityName();
		if ( !session.isTransactionInProgress() ) {
			NotifyCodec.Builder single = new NotifyCodec.Builder( sequence.incrementAndGet() );
			single.add( letter, entityName, key );
			execute( session, single.payload() );
			return;
		}
		Outbox outbox = outboxes.get( session );
		if ( outbox == null ) {
			outbox = new Outbox( new NotifyCodec.Builder( sequence.incrementAndGet() ) );
			outboxes.put( session, outbox );
			registerCallbacks( session, outbox );
		}
		if ( !outbox.payload.add( letter, entityName, key ) ) {
			execute( session, outbox.payload.payload() );
			outbox.payload = new NotifyCodec.Builder( sequence.incrementAndGet() );
			outbox.payload.add( letter, entityName, key );
		}
	}

	/** The payload of a session's transaction that is not sent yet; used by the session's thread only. */
	private static final class Outbox {
		NotifyCodec.Builder payload;

		Outbox(NotifyCodec.Builder payload) {
			this.payload = payload;
		}
	}

	/**
	 * The last payload goes out just before the commit; the outbox is dropped when the transaction completes, either
	 * way (on rollback PostgreSQL drops what was sent). A synchronization of the session's transaction, as the
	 * after-commit delivery uses (public API on every Hibernate 7 line): Hibernate calls its
	 * {@code beforeCompletion} after the session's flush before commit (resource-local and JTA coordinators
	 * alike), so the rows of that flush are in the payload.
	 */
	private void registerCallbacks(SharedSessionContractImplementor session, Outbox outbox) {
		session.accessTransaction().registerSynchronization( new Synchronization() {
			@Override
			public void beforeCompletion() {
				if ( outbox.payload.rows() > 0 ) {
					String payload = outbox.payload.payload();
					outbox.payload = new NotifyCodec.Builder( sequence.incrementAndGet() );
					execute( session, payload );
				}
			}

			@Override
			public void afterCompletion(int status) {
				outboxes.remove( session );
			}
		} );
	}

	private void execute(SharedSessionContractImplementor session, String payload) {
		var coordinator = session.getJdbcCoordinator();
		try {
			PreparedStatement statement = coordinator.getStatementPreparer().prepareStatement( NOTIFY_SQL );
			try {
				statement.setString( 1, channel );
				statement.setString( 2, payload );
				coordinator.getResultSetReturn().extract( statement, NOTIFY_SQL );
			}
			finally {
				coordinator.getLogicalConnection().getResourceRegistry().release( statement );
				coordinator.afterStatementExecution();
			}
		}
		catch (SQLException e) {
			throw session.getJdbcServices().getSqlExceptionHelper().convert( e,
					"Sending ALL_INSTANCES signals on channel " + channel + " failed", NOTIFY_SQL );
		}
	}

	// ---------------------------------------------------------------------------------------- receiving

	/** Called after every change of the ALL_INSTANCES receivers: listens while there is one. */
	synchronized void receiversChanged(List<Registration> receivers) {
		Set<Object> connected = new HashSet<>();
		receivers.forEach( registration -> connected.add( registration.receiver ) );
		queues.keySet().retainAll( connected );
		if ( closed ) {
			return;
		}
		if ( !receivers.isEmpty() && listener == null ) {
			AtomicInteger threads = new AtomicInteger();
			pool = new ThreadPoolExecutor( 0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
					runnable -> {
						Thread thread = new Thread( runnable, "pgextra-signals-receiver[" + channel + "]-"
								+ threads.incrementAndGet() );
						thread.setDaemon( true );
						return thread;
					} );
			listener = new NotifyListener( channel, connections(), new Sink( pool ) );
			listener.start();
		}
		else if ( receivers.isEmpty() && listener != null ) {
			stop();
		}
	}

	/** The factory is closing. */
	synchronized void close() {
		closed = true;
		if ( listener != null ) {
			stop();
		}
	}

	private void stop() {
		listener.stop();
		listener = null;
		queues.clear(); // bound to this pool
		pool.shutdown();
		try {
			if ( !pool.awaitTermination( 5, TimeUnit.SECONDS ) ) {
				LOG.warnf( "ALL_INSTANCES receivers on channel %s still running 5 s after their listener stopped;"
						+ " their threads end when they return", channel );
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		pool = null;
	}

	synchronized boolean isListening() {
		return listener != null && listener.isListening();
	}

	private NotifyListener.ConnectionSource connections() {
		// the configuration service's settings: the factory's getProperties() masks user and password
		Map<String, Object> settings = factory.getServiceRegistry().requireService( ConfigurationService.class )
				.getSettings();
		Object url = settings.get( SignalSettings.LISTEN_JDBC_URL );
		if ( url != null && !url.toString().isBlank() ) {
			// a connection of its own, outside the pool (e.g. past a transaction-pooling PgBouncer)
			Properties properties = new Properties();
			copy( settings, properties, "user", AvailableSettings.JAKARTA_JDBC_USER,
					"hibernate.connection.username" );
			copy( settings, properties, "password", AvailableSettings.JAKARTA_JDBC_PASSWORD,
					"hibernate.connection.password" );
			return new NotifyListener.ConnectionSource() {
				@Override
				public Connection open() throws SQLException {
					return DriverManager.getConnection( url.toString().trim(), properties );
				}

				@Override
				public void close(Connection connection) throws SQLException {
					connection.close();
				}
			};
		}
		ConnectionProvider provider = factory.getServiceRegistry().requireService( ConnectionProvider.class );
		return new NotifyListener.ConnectionSource() {
			@Override
			public Connection open() throws SQLException {
				return provider.getConnection();
			}

			@Override
			public void close(Connection connection) throws SQLException {
				provider.closeConnection( connection );
			}
		};
	}

	private static void copy(Map<String, Object> settings, Properties properties, String key, String... names) {
		for ( String name : names ) {
			Object value = settings.get( name );
			if ( value != null ) {
				properties.setProperty( key, value.toString() );
				return;
			}
		}
	}

	void addMissedSignalsListener(Runnable missed) {
		missedListeners.add( missed );
	}

	boolean removeMissedSignalsListener(Runnable missed) {
		return missedListeners.remove( missed );
	}

	/** What the listener's thread calls: parses, resolves the receivers, and queues; never runs a receiver. */
	private final class Sink implements NotifyListener.Sink {
		private final ThreadPoolExecutor pool;

		Sink(ThreadPoolExecutor pool) {
			this.pool = pool;
		}

		@Override
		public void received(List<String> payloads) {
			var metamodel = factory.getMappingMetamodel();
			for ( String payload : payloads ) {
				List<NotifyCodec.Line> lines;
				try {
					lines = NotifyCodec.parse( payload );
				}
				catch (RuntimeException e) {
					LOG.warnf( "Ignoring a malformed notification on channel %s: %s", channel, e.getMessage() );
					continue;
				}
				if ( lines == null ) {
					LOG.debugf( "Ignoring a notification on channel %s that is not hibernate-pgextra's", channel );
					continue;
				}
				for ( NotifyCodec.Line line : lines ) {
					EntityPersister persister = metamodel.findEntityDescriptor( line.entityName() );
					if ( persister == null ) {
						LOG.debugf( "Ignoring signals of %s on channel %s: not an entity of this factory",
								line.entityName(), channel );
						continue;
					}
					Registration[] targets = registry.targets( persister ).allInstances()[line.signal().ordinal()];
					if ( targets.length == 0 ) {
						continue;
					}
					@SuppressWarnings("unchecked")
					Class<Object> type = (Class<Object>) persister.getMappedClass();
					for ( Object parsed : line.ids() ) {
						Object id;
						try {
							id = NotifyCodec.decodeId( persister, parsed );
						}
						catch (RuntimeException e) {
							LOG.warnf( "Ignoring the %s signal of %s with key %s on channel %s: %s", line.signal(),
									line.entityName(), parsed, channel, e.getMessage() );
							continue;
						}
						SignalEvent<Object> event = new SignalEvent<>( line.signal(), type, id, null );
						for ( Registration target : targets ) {
							queues.computeIfAbsent( target.receiver, r -> new SerialQueue( pool ) ).add( () -> call( target, event ) );
						}
					}
				}
			}
		}

		@Override
		public void missed(String reason) {
			for ( Runnable missed : missedListeners ) {
				try {
					pool.execute( () -> {
						try {
							missed.run();
						}
						catch (RuntimeException e) {
							LOG.warnf( e, "Missed-signals listener %s failed", missed );
						}
					} );
				}
				catch (RejectedExecutionException e) {
					return; // stopping
				}
			}
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void call(Registration registration, SignalEvent<Object> event) {
		if ( !registration.connected ) {
			return;
		}
		try {
			( (Receiver) registration.receiver ).receive( event );
		}
		catch (RuntimeException e) {
			LOG.warnf( e, "ALL_INSTANCES receiver %s failed for the %s signal of %s with id %s; the other receivers"
					+ " and its next signals are still called", registration.receiver, event.signal(),
					event.entityClass().getName(), event.id() );
		}
	}

	/** The signals of one receiver, run in order, by one pool thread at a time. */
	private static final class SerialQueue implements Runnable {
		private final ThreadPoolExecutor pool;
		private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
		private final AtomicBoolean scheduled = new AtomicBoolean();

		SerialQueue(ThreadPoolExecutor pool) {
			this.pool = pool;
		}

		void add(Runnable task) {
			tasks.add( task );
			schedule();
		}

		private void schedule() {
			if ( scheduled.compareAndSet( false, true ) ) {
				try {
					pool.execute( this );
				}
				catch (RejectedExecutionException e) {
					tasks.clear(); // the listener is stopping: its receivers are gone
				}
			}
		}

		@Override
		public void run() {
			try {
				Runnable task;
				int ran = 0;
				// a bounded run, then the thread goes back to the pool: fairness among busy receivers
				while ( ran++ < 1024 && ( task = tasks.poll() ) != null ) {
					task.run();
				}
			}
			finally {
				scheduled.set( false );
				if ( !tasks.isEmpty() ) {
					schedule();
				}
			}
		}
	}
}
