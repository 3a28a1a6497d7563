package io.pgextra.hibernate.signals;

import io.pgextra.hibernate.internal.PgExtraRuntime;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * The signal receivers of one {@code EntityManagerFactory} (Hibernate {@code SessionFactory}): django-postgres-extra's
 * {@code create}, {@code update} and {@code delete} signals, sent reliably for every affected row, bulk statements
 * included.
 * <pre>{@code
 * Signals signals = Signals.of(entityManagerFactory);
 * signals.connect(Signal.CREATE, MyModel.class, event -> System.out.printf("model created with pk %s%n", event.id()));
 * }</pre>
 * Hibernate finds hibernate-pgextra's {@code Integrator} through the service loader and registers its listeners,
 * as it does for Envers: there is nothing to configure beyond connecting receivers.
 * <p>
 * Receivers belong to the factory: two factories never share them, and closing the factory drops them. Connecting
 * and disconnecting are thread-safe while other threads write; a write sees the receivers connected when it sends
 * its signals.
 * <p>
 * Which operations send which signal is described on {@link Signal}; when receivers are called on
 * {@link Delivery}. Bulk JPQL/HQL/Criteria {@code update} and {@code delete} statements send signals whatever
 * {@code EntityManager}, {@code Session} or {@code StatelessSession} of the factory runs them, while a receiver is
 * connected for their entity (since 0.2.0; before, only when created through {@code PgExtraEntityManager}); native
 * SQL and HQL {@code insert} send none. With no receiver connected for an entity, nothing is added to its statements:
 * no extra statement or round trip.
 *
 * @since 0.1.0
 */
public interface Signals {

	/**
	 * @param factory an entity manager factory or Hibernate {@code SessionFactory}
	 * @return its signals
	 * @throws IllegalStateException if hibernate-pgextra is not registered with the factory (its
	 * {@code META-INF/services} entries are not visible to the class loader that booted Hibernate)
	 */
	static Signals of(EntityManagerFactory factory) {
		return PgExtraRuntime.of( factory.unwrap( SessionFactoryImplementor.class ) ).signals();
	}

	/**
	 * @param entityManager any entity manager (a {@code Session}, a {@code PgExtraEntityManager}, Spring's shared one)
	 * @return the signals of its factory
	 */
	static Signals of(EntityManager entityManager) {
		return of( entityManager.getEntityManagerFactory() );
	}

	/**
	 * Connects an {@linkplain Delivery#IMMEDIATE immediate} receiver.
	 *
	 * @param signal the signal
	 * @param entityClass an entity class, or any class or interface: the receiver gets the signals of every entity
	 * whose class is assignable to it
	 * @param receiver the receiver
	 * @param <T> the entity class
	 * @return the connection, to disconnect the receiver
	 * @see #connect(Signal, Class, Delivery, Receiver)
	 */
	default <T> SignalConnection connect(Signal signal, Class<T> entityClass, Receiver<T> receiver) {
		return connect( signal, entityClass, Delivery.IMMEDIATE, receiver );
	}

	/**
	 * Connects a receiver to a signal for an entity class and its subclasses. Connecting the same receiver twice
	 * makes it receive every signal twice, as two receivers would.
	 *
	 * @param signal the signal
	 * @param entityClass an entity class, or any class or interface: the receiver gets the signals of every entity
	 * whose class is assignable to it
	 * @param delivery when the receiver is called
	 * @param receiver the receiver
	 * @param <T> the entity class
	 * @return the connection, to disconnect the receiver
	 */
	<T> SignalConnection connect(Signal signal, Class<T> entityClass, Delivery delivery, Receiver<T> receiver);

	/**
	 * Connects one receiver to several signals in one call, with one connection to disconnect it from all of them.
	 * All or nothing: if connecting to one signal fails, none stays connected. (Not an overload of {@code connect}:
	 * {@code connect(null, ...)} must stay unambiguous.)
	 * <pre>{@code
	 * try (SignalConnection c = signals.connectAll(EnumSet.of(Signal.CREATE, Signal.UPDATE), MyModel.class,
	 *         Delivery.AFTER_COMMIT, event -> changed.add(event.id()))) {
	 *     ...
	 * }
	 * }</pre>
	 *
	 * @param signals the signals, at least one; {@link SignalEvent#signal()} tells the receiver which one it got
	 * @param entityClass an entity class, or any class or interface, as for
	 * {@link #connect(Signal, Class, Delivery, Receiver)}
	 * @param delivery when the receiver is called
	 * @param receiver the receiver
	 * @param <T> the entity class
	 * @return one connection; {@link SignalConnection#signals()} lists the signals
	 * @since 0.2
	 */
	default <T> SignalConnection connectAll(java.util.Set<Signal> signals, Class<T> entityClass, Delivery delivery,
			Receiver<T> receiver) {
		return io.pgextra.hibernate.internal.signals.SignalConnectionGroup.connect( this, signals, entityClass,
				delivery, receiver );
	}

	/**
	 * Connects one receiver to several signals, called {@linkplain Delivery#IMMEDIATE immediately}.
	 *
	 * @param signals the signals, at least one
	 * @param entityClass an entity class, or any class or interface
	 * @param receiver the receiver
	 * @param <T> the entity class
	 * @return one connection
	 * @see #connectAll(java.util.Set, Class, Delivery, Receiver)
	 * @since 0.2
	 */
	default <T> SignalConnection connectAll(java.util.Set<Signal> signals, Class<T> entityClass, Receiver<T> receiver) {
		return connectAll( signals, entityClass, Delivery.IMMEDIATE, receiver );
	}

	/**
	 * Connects one receiver to every {@link Signal}.
	 *
	 * @param entityClass an entity class, or any class or interface
	 * @param delivery when the receiver is called
	 * @param receiver the receiver
	 * @param <T> the entity class
	 * @return one connection
	 * @see #connectAll(java.util.Set, Class, Delivery, Receiver)
	 * @since 0.2
	 */
	default <T> SignalConnection connectAll(Class<T> entityClass, Delivery delivery, Receiver<T> receiver) {
		return connectAll( java.util.EnumSet.allOf( Signal.class ), entityClass, delivery, receiver );
	}

	/**
	 * Connects one receiver to every {@link Signal}, called {@linkplain Delivery#IMMEDIATE immediately}.
	 *
	 * @param entityClass an entity class, or any class or interface
	 * @param receiver the receiver
	 * @param <T> the entity class
	 * @return one connection
	 * @since 0.2
	 */
	default <T> SignalConnection connectAll(Class<T> entityClass, Receiver<T> receiver) {
		return connectAll( entityClass, Delivery.IMMEDIATE, receiver );
	}

	/**
	 * Disconnects every connection of {@code receiver} (compared with {@code equals}) to {@code signal} for exactly
	 * {@code entityClass}, whatever its delivery.
	 *
	 * @param signal the signal
	 * @param entityClass the entity class the receiver was connected for
	 * @param receiver the receiver
	 * @return whether a connection was disconnected
	 */
	boolean disconnect(Signal signal, Class<?> entityClass, Receiver<?> receiver);

	/**
	 * @param signal the signal
	 * @param entityClass an entity class
	 * @return whether a receiver would get {@code signal} for a row of {@code entityClass}: connected for it or for
	 * one of its superclasses or interfaces
	 */
	boolean hasReceivers(Signal signal, Class<?> entityClass);

	/**
	 * Adds a listener told that {@link Delivery#ALL_INSTANCES} signals may have been missed: the factory's
	 * listening connection was lost (the server restarted, the backend was terminated, the network failed) and
	 * has just been re-established. It is called after {@code LISTEN} runs again, so a listener that flushes a
	 * cache loses nothing: whatever commits after the flush is received. Called on a thread of the factory's
	 * receiver pool; an exception is logged.
	 *
	 * @param listener what to run, e.g. {@code cache::clear}
	 * @since 0.2
	 */
	void addMissedSignalsListener(Runnable listener);

	/**
	 * @return whether the factory's {@link Delivery#ALL_INSTANCES} listening connection is up and listening: a
	 * readiness check (notifications committed while it is not are not received); {@code false} when no such
	 * receiver is connected
	 * @since 0.2
	 */
	boolean isListening();

	/**
	 * @param listener a listener added with {@link #addMissedSignalsListener}
	 * @return whether it was removed
	 * @since 0.2
	 */
	boolean removeMissedSignalsListener(Runnable listener);
}
