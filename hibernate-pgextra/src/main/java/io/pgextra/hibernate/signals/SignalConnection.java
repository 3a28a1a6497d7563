package io.pgextra.hibernate.signals;

/**
 * A receiver connected to a signal for an entity class, as returned by
 * {@link Signals#connect(Signal, Class, Delivery, Receiver)}. Closing it disconnects the receiver, so a
 * try-with-resources block scopes a receiver:
 * <pre>{@code
 * try (SignalConnection c = signals.connect(Signal.UPDATE, MyModel.class, event -> seen.add(event.id()))) {
 *     ...
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface SignalConnection extends AutoCloseable {

	/**
	 * @return the signal the receiver is connected to; for a connection to several signals
	 * ({@link Signals#connectAll(java.util.Set, Class, Delivery, Receiver)}), the first of {@link #signals()}
	 */
	Signal signal();

	/**
	 * @return every signal the receiver is connected to, in {@link Signal}'s declaration order
	 * @since 0.2
	 */
	default java.util.Set<Signal> signals() {
		return java.util.Collections.unmodifiableSet( java.util.EnumSet.of( signal() ) );
	}

	/** @return the entity class (and its subclasses) the receiver is connected for */
	Class<?> entityClass();

	/** @return when the receiver is called */
	Delivery delivery();

	/** @return whether the receiver is still connected */
	boolean isConnected();

	/**
	 * Disconnects the receiver (from every signal of {@link #signals()}); thread-safe, and idempotent.
	 *
	 * @return {@code true} if this call disconnected it, {@code false} if it was already disconnected
	 */
	boolean disconnect();

	/** Same as {@link #disconnect()}. */
	@Override
	void close();
}
