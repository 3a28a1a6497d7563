package io.pgextra.hibernate.signals;

/**
 * Receives the signals it was {@linkplain Signals#connect(Signal, Class, Receiver) connected} to. The seed's
 * {@code def my_receiver(sender, pk)}.
 *
 * @param <T> the entity class it was connected for
 * @since 0.1.0
 */
@FunctionalInterface
public interface Receiver<T> {

	/**
	 * @param event which signal, for which entity class and primary key, and the entity instance if the persistence
	 * context holds one
	 */
	void receive(SignalEvent<T> event);
}
