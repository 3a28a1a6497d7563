package io.pgextra.hibernate.internal.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.internal.ConflictInsertListener;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Receiver;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;

import org.hibernate.HibernateException;
import org.hibernate.Version;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.jboss.logging.Logger;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;

/**
 * The receivers of one session factory, and the one place that sends signals to them.
 * <p>
 * Receivers are kept in an immutable {@link State}, replaced on every connect and disconnect (copy on write), so
 * that writing threads read it without locking. Each state caches, per entity name, which receivers a row of that
 * entity goes to: the first row of an entity resolves them, every later row costs one map lookup, and with no
 * receiver connected at all a volatile read and an empty-list check.
 *
 * @since 0.1.0
 */
public final class SignalRegistry implements Signals, ConflictInsertListener {

	private static final Logger LOG = Logger.getLogger( SignalRegistry.class );

	private static final Registration[] NONE = new Registration[0];

	/**
	 * The receivers of one entity for each signal, in connection order, split by delivery; and whether its rows are
	 * announced to all instances ({@link NotifySignals}).
	 */
	record Targets(Registration[][] immediate, Registration[][] afterCommit, Registration[][] allInstances,
			boolean[] announce) {
		boolean any(Signal signal) {
			return immediate[signal.ordinal()].length > 0 || afterCommit[signal.ordinal()].length > 0
					|| announce[signal.ordinal()];
		}
	}

	private static final Targets NO_TARGETS = new Targets( emptyBySignal(), emptyBySignal(), emptyBySignal(),
			new boolean[Signal.values().length] );

	/** An immutable set of connections with its caches; replaced, never changed. */
	private static final class State {
		final List<Registration> registrations;
		final ConcurrentHashMap<String, Targets> targets = new ConcurrentHashMap<>();
		/** Per entity name: whether a row of it or of one of its subclasses has receivers, per signal. */
		final ConcurrentHashMap<String, boolean[]> subtree = new ConcurrentHashMap<>();

		State(List<Registration> registrations) {
			this.registrations = List.copyOf( registrations );
		}
	}

	private final Object lock = new Object();
	private volatile State state = new State( List.of() );
	/** ALL_INSTANCES delivery; set by the integrator, before the factory is used. */
	private volatile NotifySignals notify;

	void notifyWith(NotifySignals notify) {
		this.notify = notify;
		state = new State( state.registrations );
	}

	NotifySignals notifySignals() {
		return notify;
	}

	// ---------------------------------------------------------------------------------------- Signals

	@Override
	public <T> SignalConnection connect(Signal signal, Class<T> entityClass, Delivery delivery, Receiver<T> receiver) {
		Objects.requireNonNull( signal, "signal" );
		Objects.requireNonNull( entityClass, "entityClass" );
		Objects.requireNonNull( delivery, "delivery" );
		Objects.requireNonNull( receiver, "receiver" );
		if ( delivery == Delivery.ALL_INSTANCES && notify != null ) {
			notify.checkConnectable( entityClass );
		}
		Registration registration = new Registration( this, signal, entityClass, delivery, receiver );
		synchronized ( lock ) {
			List<Registration> registrations = new ArrayList<>( state.registrations );
			registrations.add( registration );
			state = new State( registrations );
		}
		allInstancesChanged( delivery );
		return registration;
	}

	@Override
	public boolean disconnect(Signal signal, Class<?> entityClass, Receiver<?> receiver) {
		boolean removed = false;
		synchronized ( lock ) {
			List<Registration> remaining = new ArrayList<>( state.registrations.size() );
			for ( Registration registration : state.registrations ) {
				if ( registration.signal == signal && registration.type == entityClass
						&& registration.receiver.equals( receiver ) ) {
					registration.connected = false;
					removed = true;
				}
				else {
					remaining.add( registration );
				}
			}
			if ( removed ) {
				state = new State( remaining );
			}
		}
		allInstancesChanged( Delivery.ALL_INSTANCES );
		return removed;
	}

	boolean disconnect(Registration registration) {
		synchronized ( lock ) {
			if ( !registration.connected ) {
				return false;
			}
			registration.connected = false;
			List<Registration> remaining = new ArrayList<>( state.registrations );
			remaining.remove( registration );
			state = new State( remaining );
		}
		allInstancesChanged( registration.delivery );
		return true;
	}

	/** Starts or stops the listening connection: outside the lock, as stopping waits for its thread. */
	private void allInstancesChanged(Delivery delivery) {
		NotifySignals n = notify;
		if ( n != null && delivery == Delivery.ALL_INSTANCES ) {
			n.receiversChanged( state.registrations.stream().filter( r -> r.delivery == Delivery.ALL_INSTANCES ).toList() );
		}
	}

	@Override
	public void addMissedSignalsListener(Runnable listener) {
		notify.addMissedSignalsListener( Objects.requireNonNull( listener, "listener" ) );
	}

	@Override
	public boolean isListening() {
		NotifySignals n = notify;
		return n != null && n.isListening();
	}

	@Override
	public boolean removeMissedSignalsListener(Runnable listener) {
		return notify.removeMissedSignalsListener( listener );
	}

	@Override
	public boolean hasReceivers(Signal signal, Class<?> entityClass) {
		for ( Registration registration : state.registrations ) {
			if ( registration.signal == signal && registration.type.isAssignableFrom( entityClass ) ) {
				return true;
			}
		}
		return false;
	}

	// ---------------------------------------------------------------------------------------- lookups

	/** @return whether any receiver is connected at all: the cheapest check, for paths that cost nothing otherwise */
	public boolean isEmpty() {
		return state.registrations.isEmpty() && !announcesWithoutReceivers();
	}

	/** @return whether entities are announced to all instances by setting, whatever receivers are connected */
	private boolean announcesWithoutReceivers() {
		NotifySignals n = notify;
		return n != null && n.hasNamedEntities();
	}

	Targets targets(EntityPersister persister) {
		State current = state;
		if ( current.registrations.isEmpty() && !announcesWithoutReceivers() ) {
			return NO_TARGETS;
		}
		Targets targets = current.targets.get( persister.getEntityName() );
		if ( targets == null ) {
			targets = resolve( current, persister.getMappedClass(), notify );
			current.targets.putIfAbsent( persister.getEntityName(), targets );
		}
		return targets;
	}

	/**
	 * @return whether a row of {@code persister}'s entity, or of one of its subclasses, has a receiver for
	 * {@code signal}: what a bulk statement on that entity must know before it decides to return the keys it hits
	 */
	public boolean hasReceiversForRowsOf(Signal signal, EntityPersister persister) {
		State current = state;
		if ( current.registrations.isEmpty() && !announcesWithoutReceivers() ) {
			return false;
		}
		boolean[] interest = current.subtree.get( persister.getEntityName() );
		if ( interest == null ) {
			interest = new boolean[Signal.values().length];
			var metamodel = persister.getFactory().getMappingMetamodel();
			for ( String entityName : persister.getSubclassEntityNames() ) {
				EntityPersister subclass = metamodel.getEntityDescriptor( entityName );
				Targets targets = resolve( current, subclass.getMappedClass(), notify );
				for ( Signal s : Signal.values() ) {
					interest[s.ordinal()] |= targets.any( s );
				}
			}
			current.subtree.putIfAbsent( persister.getEntityName(), interest );
		}
		return interest[signal.ordinal()];
	}

	private static Targets resolve(State state, Class<?> mappedClass, NotifySignals notify) {
		Registration[][] immediate = emptyBySignal();
		Registration[][] afterCommit = emptyBySignal();
		Registration[][] allInstances = emptyBySignal();
		boolean[] announce = new boolean[Signal.values().length];
		if ( mappedClass == null ) {
			return NO_TARGETS;
		}
		boolean named = notify != null && notify.isNamed( mappedClass );
		for ( Signal signal : Signal.values() ) {
			List<Registration> now = new ArrayList<>();
			List<Registration> later = new ArrayList<>();
			List<Registration> everywhere = new ArrayList<>();
			for ( Registration registration : state.registrations ) {
				if ( registration.signal == signal && registration.type.isAssignableFrom( mappedClass ) ) {
					( switch ( registration.delivery ) {
						case IMMEDIATE -> now;
						case AFTER_COMMIT -> later;
						case ALL_INSTANCES -> everywhere;
					} ).add( registration );
				}
			}
			immediate[signal.ordinal()] = now.toArray( NONE );
			afterCommit[signal.ordinal()] = later.toArray( NONE );
			allInstances[signal.ordinal()] = everywhere.toArray( NONE );
			// a writer cannot see the receivers of the other instances: it announces what its own would receive
			announce[signal.ordinal()] = notify != null && ( named || !everywhere.isEmpty() );
		}
		return new Targets( immediate, afterCommit, allInstances, announce );
	}

	private static Registration[][] emptyBySignal() {
		Registration[][] bySignal = new Registration[Signal.values().length][];
		Arrays.fill( bySignal, NONE );
		return bySignal;
	}

	// ---------------------------------------------------------------------------------------- sending

	/**
	 * Sends one signal for one row.
	 *
	 * @param entity the entity instance if known; else it is looked up in the persistence context
	 */
	public void send(SharedSessionContractImplementor session, Signal signal, EntityPersister persister, Object id,
			Object entity) {
		Targets targets = targets( persister );
		if ( !targets.any( signal ) ) {
			return;
		}
		if ( session == null ) {
			// Hibernate 7.1 gives the entity events of a StatelessSession no session (7.2 and later do)
			throw new HibernateException( "Hibernate ORM " + Version.getVersionString() + " does not tell event"
					+ " listeners which StatelessSession wrote entity '" + persister.getEntityName() + "' with id " + id
					+ ", so hibernate-pgextra cannot send its " + signal + " signal to the connected receivers; write"
					+ " such entities with a Session, or use Hibernate ORM 7.2 or later" );
		}
		Registration[] immediate = targets.immediate[signal.ordinal()];
		if ( immediate.length > 0 && signal != Signal.DELETE ) {
			// With JDBC batching Hibernate fires post-insert and post-update right after it adds the statement to
			// the batch, before the batch runs: run it now, so that an immediate receiver is told of a row that is
			// written. Hibernate does the same before it prepares any other statement (StatementPreparerImpl) or
			// batches one of another kind: the batch holds statements added before, runs them in order and once,
			// and the next statement starts a new batch. So only entities with immediate CREATE or UPDATE
			// receivers lose batching; DELETE is sent before its statement is added, and its row is still there.
			session.getJdbcCoordinator().executeBatch();
		}
		SignalEvent<Object> event = event( session, signal, persister, id, entity );
		callImmediate( session, immediate, event );
		Registration[] later = targets.afterCommit[signal.ordinal()];
		if ( later.length > 0 ) {
			List<Pending> pending = new ArrayList<>( later.length );
			for ( Registration registration : later ) {
				pending.add( new Pending( registration, event ) );
			}
			afterCommit( session, pending );
		}
		if ( targets.announce[signal.ordinal()] ) {
			notify.send( session, signal, persister, id );
		}
	}

	/** One row of a statement that wrote several. */
	record Row(EntityPersister persister, Object id, Object entity) {
	}

	/** Sends one signal for each row, in order; after-commit receivers are queued as one unit. */
	void send(SharedSessionContractImplementor session, Signal signal, List<Row> rows) {
		List<Pending> pending = null;
		for ( Row row : rows ) {
			Targets targets = targets( row.persister );
			if ( !targets.any( signal ) ) {
				continue;
			}
			SignalEvent<Object> event = event( session, signal, row.persister, row.id, row.entity );
			pending = deliver( session, targets, signal, row.persister, event, pending );
		}
		if ( pending != null ) {
			afterCommit( session, pending );
		}
	}

	@Override
	public void rowsWritten(SessionImplementor session, EntityPersister persister, List<Object> ids,
			List<RowOutcome> outcomes, List<Object> entities) {
		Targets targets = targets( persister );
		if ( !targets.any( Signal.CREATE ) && !targets.any( Signal.UPDATE ) ) {
			return;
		}
		List<Pending> pending = null;
		for ( int i = 0; i < ids.size(); i++ ) {
			Signal signal = switch ( outcomes.get( i ) ) {
				case INSERTED -> Signal.CREATE;
				case UPDATED -> Signal.UPDATE;
				// DO NOTHING, a false DO UPDATE ... WHERE, a later duplicate: the row was not written
				case UNCHANGED -> null;
			};
			if ( signal == null || !targets.any( signal ) ) {
				continue;
			}
			SignalEvent<Object> event = event( session, signal, persister, ids.get( i ), entities.get( i ) );
			pending = deliver( session, targets, signal, persister, event, pending );
		}
		if ( pending != null ) {
			afterCommit( session, pending );
		}
	}

	/** Calls the immediate receivers now; returns {@code pending} with the after-commit ones added (created lazily). */
	private List<Pending> deliver(SharedSessionContractImplementor session, Targets targets, Signal signal,
			EntityPersister persister, SignalEvent<Object> event, List<Pending> pending) {
		callImmediate( session, targets.immediate[signal.ordinal()], event );
		if ( targets.announce[signal.ordinal()] ) {
			notify.send( session, signal, persister, event.id() );
		}
		for ( Registration registration : targets.afterCommit[signal.ordinal()] ) {
			if ( pending == null ) {
				pending = new ArrayList<>();
			}
			pending.add( new Pending( registration, event ) );
		}
		return pending;
	}

	@SuppressWarnings("unchecked")
	private static SignalEvent<Object> event(SharedSessionContractImplementor session, Signal signal,
			EntityPersister persister, Object id, Object entity) {
		if ( entity == null ) {
			entity = managedInstance( session, persister, id );
		}
		return new SignalEvent<>( signal, (Class<Object>) persister.getMappedClass(), id, entity );
	}

	private static Object managedInstance(SharedSessionContractImplementor session, EntityPersister persister, Object id) {
		if ( id == null || !( session instanceof SessionImplementor ) ) {
			return null;
		}
		PersistenceContext context = session.getPersistenceContextInternal();
		if ( context.getNumberOfManagedEntities() == 0 ) {
			return null;
		}
		return context.getEntity( session.generateEntityKey( id, persister ) );
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void callImmediate(SharedSessionContractImplementor session, Registration[] registrations,
			SignalEvent<Object> event) {
		for ( Registration registration : registrations ) {
			try {
				( (Receiver) registration.receiver ).receive( event );
			}
			catch (RuntimeException | Error e) {
				// the row is written (or about to be deleted) and the receiver refused it: the transaction must not
				// commit with it, whatever the caller does with the exception
				session.markForRollbackOnly();
				throw e;
			}
		}
	}

	/** One after-commit call: a receiver and its event. */
	record Pending(Registration registration, SignalEvent<Object> event) {
	}

	private static void afterCommit(SharedSessionContractImplementor session, List<Pending> pending) {
		if ( !session.isTransactionInProgress() ) {
			// an auto-commit write (hibernate.allow_update_outside_transaction): it is committed already
			deliver( pending );
			return;
		}
		// a synchronization of the session's transaction (public API on every Hibernate 7 line, unlike the
		// completion-callback queue): it survives clear(), runs once per transaction, and tells whether it committed
		session.accessTransaction().registerSynchronization( new Synchronization() {
			@Override
			public void beforeCompletion() {
			}

			@Override
			public void afterCompletion(int status) {
				if ( status == Status.STATUS_COMMITTED ) {
					deliver( pending );
				}
			}
		} );
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void deliver(List<Pending> pending) {
		for ( Pending p : pending ) {
			if ( !p.registration.connected ) {
				continue;
			}
			try {
				( (Receiver) p.registration.receiver ).receive( p.event );
			}
			catch (RuntimeException e) {
				// the transaction has committed: nothing to undo, and the other receivers must still be told
				LOG.warnf( e, "After-commit receiver %s failed for the %s signal of %s with id %s; the transaction"
						+ " had committed, the remaining receivers are still called", p.registration.receiver,
						p.event.signal(), p.event.entityClass().getName(), p.event.id() );
			}
		}
	}

	@Override
	public String toString() {
		return "Signals" + state.registrations;
	}

	/** A connected receiver; its own handle to disconnect. */
	static final class Registration implements SignalConnection {
		final SignalRegistry registry;
		final Signal signal;
		final Class<?> type;
		final Delivery delivery;
		final Receiver<?> receiver;
		volatile boolean connected = true;

		Registration(SignalRegistry registry, Signal signal, Class<?> type, Delivery delivery, Receiver<?> receiver) {
			this.registry = registry;
			this.signal = signal;
			this.type = type;
			this.delivery = delivery;
			this.receiver = receiver;
		}

		@Override
		public Signal signal() {
			return signal;
		}

		@Override
		public Class<?> entityClass() {
			return type;
		}

		@Override
		public Delivery delivery() {
			return delivery;
		}

		@Override
		public boolean isConnected() {
			return connected;
		}

		@Override
		public boolean disconnect() {
			return registry.disconnect( this );
		}

		@Override
		public void close() {
			disconnect();
		}

		@Override
		public String toString() {
			return signal + " " + type.getName() + " " + delivery + " -> " + receiver;
		}
	}

}
